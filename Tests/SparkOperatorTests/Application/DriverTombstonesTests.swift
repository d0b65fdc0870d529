import Foundation
import SparkOperator
import Testing

@Suite("Driver tombstones: the last known state of driver pods gone from the cache")
struct DriverTombstonesTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func driver(_ phase: String, submission: String = "s1", exit: Int32? = nil) -> PodObservation {
        PodObservation(
            name: "pi-driver", phase: phase, terminated: exit.map { .init(exitCode: $0) },
            labels: [SparkLabels.submissionID: submission])
    }

    /// The watcher removes a deleted pod from the cache before it reports the deletion: the
    /// state recorded from the pod's previous event must answer in between.
    @Test func aLivePodsLastStateAnswersOnceItIsGoneAndIsMarkedDeleted() throws {
        let t = DriverTombstones()
        t.record(Self.driver("Succeeded", exit: 0), key: "ns/pi-driver", now: Self.t0)
        let found = try #require(t.lookup(key: "ns/pi-driver", submissionID: "s1", now: Self.t0))
        #expect(found.isBeingDeleted)
        #expect(found.driverState == .completed, "judged by how it ended")
    }

    @Test func theDeletionEventReplacesTheEarlierState() throws {
        let t = DriverTombstones()
        t.record(Self.driver("Running"), key: "ns/pi-driver", now: Self.t0)
        t.record(Self.driver("Failed", exit: 143), key: "ns/pi-driver", now: Self.t0.addingTimeInterval(1))
        let found = try #require(t.lookup(key: "ns/pi-driver", submissionID: "s1", now: Self.t0.addingTimeInterval(2)))
        #expect(found.driverState == .failed)
    }

    @Test func anotherSubmissionsDriverIsNotTheOneAskedFor() {
        let t = DriverTombstones()
        t.record(Self.driver("Succeeded", submission: "s1", exit: 0), key: "ns/pi-driver", now: Self.t0)
        #expect(t.lookup(key: "ns/pi-driver", submissionID: "s2", now: Self.t0) == nil)
        #expect(t.lookup(key: "ns/other-driver", submissionID: "s1", now: Self.t0) == nil)
    }

    @Test func entriesExpireAfterTheRetention() {
        let t = DriverTombstones(retention: 60)
        t.record(Self.driver("Succeeded", exit: 0), key: "ns/pi-driver", now: Self.t0)
        #expect(t.lookup(key: "ns/pi-driver", submissionID: "s1", now: Self.t0.addingTimeInterval(60)) != nil)
        #expect(t.lookup(key: "ns/pi-driver", submissionID: "s1", now: Self.t0.addingTimeInterval(61)) == nil)
    }

    /// A new submission forgets the driver of the old one, but not its own driver when the pod's
    /// first watch event came before the submission finished.
    @Test func forgettingKeepsTheNewSubmissionsDriver() {
        let t = DriverTombstones()
        t.record(Self.driver("Pending", submission: "s2"), key: "ns/pi-driver", now: Self.t0)
        t.forget(key: "ns/pi-driver", exceptSubmission: "s2")
        #expect(t.lookup(key: "ns/pi-driver", submissionID: "s2", now: Self.t0) != nil)
        t.forget(key: "ns/pi-driver", exceptSubmission: "s3")
        #expect(t.count == 0)
    }

    @Test func aFullMapEvictsTheOldestDownToNinetyPercent() {
        let t = DriverTombstones(retention: 3600, capacity: 10)
        for i in 0..<11 {
            t.record(Self.driver("Running"), key: "ns/d\(i)", now: Self.t0.addingTimeInterval(Double(i)))
        }
        #expect(t.count == 9)
        let now = Self.t0.addingTimeInterval(20)
        #expect(t.lookup(key: "ns/d0", submissionID: nil, now: now) == nil, "the oldest went")
        #expect(t.lookup(key: "ns/d1", submissionID: nil, now: now) == nil)
        #expect(t.lookup(key: "ns/d10", submissionID: nil, now: now) != nil, "the newest stays")
        #expect(t.lookup(key: "ns/d2", submissionID: nil, now: now) != nil)
    }
}
