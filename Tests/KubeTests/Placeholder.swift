import Testing
@Test func placeholderKubeTests() { #expect(Bool(true)) }
