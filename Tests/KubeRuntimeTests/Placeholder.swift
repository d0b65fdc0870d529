import Testing
@Test func placeholderKubeRuntimeTests() { #expect(Bool(true)) }
