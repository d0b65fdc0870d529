import Testing
@Test func placeholderSparkOperatorAPITests() { #expect(Bool(true)) }
