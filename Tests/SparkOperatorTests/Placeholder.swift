import Testing
@Test func placeholderSparkOperatorTests() { #expect(Bool(true)) }
