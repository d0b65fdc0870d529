import Foundation
import SparkOperator
import SparkOperatorAPI
import Testing

/// Every case of `CronOracle` (generated from robfig/cron v3.0.1, the library kubeflow uses):
/// the same firings, the same rejections. None of these cases crosses a daylight saving
/// transition, where we differ from robfig on purpose (see `CronDaylightSavingTests`).
@Suite("CronSchedule agrees with robfig/cron v3.0.1")
struct CronOracleTests {
    @Test(arguments: CronOracle.cases)
    func nextFirings(_ c: CronOracleCase) throws {
        let schedule = try CronSchedule(parsing: c.spec, local: CronTestSupport.utc)
        var t = try #require(KubeTime.parse(c.start))
        for expected in c.fires {
            let next = schedule.next(after: t)
            if expected == "zero" {
                #expect(next == nil)
                return
            }
            let want = try #require(KubeTime.parse(expected))
            #expect(next == want, "\(c): got \(next.map(CronTestSupport.utcText) ?? "nil"), robfig \(expected)")
            t = try #require(next)
        }
    }

    @Test(arguments: CronOracle.rejected.map(\.spec))
    func rejectsWhatRobfigRejects(_ spec: String) {
        #expect(throws: CronScheduleError.self) { try CronSchedule(parsing: spec, local: CronTestSupport.utc) }
    }

    @Test func theOracleCoversEnough() {
        #expect(CronOracle.cases.count >= 500)
        #expect(CronOracle.rejected.count >= 40)
    }
}
