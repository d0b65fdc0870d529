import SparkOperator
import Testing

@Suite struct SubmissionIdentityTests {
    let uid = "711a8351-2bc1-4fd1-a986-cea95990ada3"

    @Test func sameInputsSameIDs() {
        #expect(SubmissionIdentity(uid: uid, attempt: 1) == SubmissionIdentity(uid: uid, attempt: 1))
    }

    @Test func attemptsAndApplicationsDiffer() {
        let a = SubmissionIdentity(uid: uid, attempt: 1)
        let b = SubmissionIdentity(uid: uid, attempt: 2)
        let c = SubmissionIdentity(uid: "00000000-0000-0000-0000-000000000000", attempt: 1)
        for other in [b, c] {
            #expect(a.submissionID != other.submissionID)
            #expect(a.sparkAppID != other.sparkAppID)
            #expect(a.resourceID != other.resourceID)
            #expect(a.localDirUUID != other.localDirUUID)
        }
        // Different purposes give unrelated values.
        #expect(a.submissionID != a.localDirUUID)
    }

    @Test func shapes() throws {
        let id = SubmissionIdentity(uid: uid, attempt: 3)
        // UUID version 8, RFC 9562 variant.
        let uuid = try #require(id.submissionID.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/))
        #expect(uuid.output.count == 36)
        #expect(id.localDirUUID.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil)
        // Spark's spark-<32 hex>.
        #expect(id.sparkAppID.wholeMatch(of: /spark-[0-9a-f]{32}/) != nil)
        #expect(id.resourceID.wholeMatch(of: /[0-9a-f]{16}/) != nil)
    }

    /// A spec edit resets the attempt count: the generation keeps the ids of the first attempt
    /// after an edit apart from those of the first attempt before it.
    @Test func generationsDiffer() {
        let first = SubmissionIdentity(uid: uid, attempt: 1, generation: 1)
        #expect(first == SubmissionIdentity(uid: uid, attempt: 1), "generation 1 is the short form")
        #expect(first == SubmissionIdentity(uid: uid, attempt: 1, generation: nil))
        let edited = SubmissionIdentity(uid: uid, attempt: 1, generation: 2)
        #expect(edited.submissionID != first.submissionID)
        #expect(edited.resourceID != first.resourceID)
        #expect(edited.sparkAppID != first.sparkAppID)
        #expect(edited != SubmissionIdentity(uid: uid, attempt: 1, generation: 3))
        #expect(edited.submissionID == PinnedIdentity.generation2SubmissionID)
        #expect(edited.sparkAppID == PinnedIdentity.generation2SparkAppID)
        #expect(edited.resourceID == PinnedIdentity.generation2ResourceID)
    }

    /// Pinned values: changing the derivation renames every object of running applications, so
    /// it must be a deliberate change.
    @Test func pinned() {
        let id = SubmissionIdentity(uid: uid, attempt: 1)
        #expect(id == SubmissionIdentity(uid: uid, attempt: 1))
        #expect(id.submissionID == PinnedIdentity.submissionID)
        #expect(id.sparkAppID == PinnedIdentity.sparkAppID)
        #expect(id.resourceID == PinnedIdentity.resourceID)
    }
}

enum PinnedIdentity {
    // Computed independently with Python's hashlib from the documented derivation.
    static let submissionID = "d0b2b813-601c-85c7-9410-934c81d1fd7f"
    static let sparkAppID = "spark-b41dcac92d021423920474df0522098d"
    static let resourceID = "785415a0ba8df96a"
    // The same, attempt 1 of generation 2 (`\0` + "2" appended to the hashed text).
    static let generation2SubmissionID = "37507bf4-739f-8503-814f-7e15525244af"
    static let generation2SparkAppID = "spark-1f7a376e0571e7a0b30133ce6dc20cf9"
    static let generation2ResourceID = "2b276fa8b507fdfa"
}
