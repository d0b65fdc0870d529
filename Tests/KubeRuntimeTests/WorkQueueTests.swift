import KubeRuntime
import Testing

@Suite("WorkQueue")
struct WorkQueueTests {
    typealias Queue = WorkQueue<ManualClock>

    func makeQueue(_ clock: ManualClock = ManualClock()) -> Queue {
        Queue(.init(name: "test", baseDelay: .milliseconds(5), maxDelay: .seconds(1)), clock: clock)
    }

    /// Parks until the queue's timer sleeps on the clock.
    func waitForSleepers(_ clock: ManualClock, _ n: Int = 1) async {
        for _ in 0..<100_000 where clock.sleeperCount < n { await Task.yield() }
        #expect(clock.sleeperCount >= n)
    }

    @Test func deduplicatesQueuedKeys() async {
        let q = makeQueue()
        await q.add("ns/a")
        await q.add("ns/a")
        await q.add("ns/b")
        #expect(await q.depth == 2)
        #expect(await q.get() == "ns/a")
        #expect(await q.get() == "ns/b")
        #expect(await q.depth == 0)
    }

    @Test func aKeyIsNeverHandedOutTwiceAtOnceAndAChangeDuringProcessingIsKept() async {
        let q = makeQueue()
        await q.add("ns/a")
        let first = await q.get()
        #expect(first == "ns/a")
        await q.add("ns/a")  // changed while processing
        await q.add("ns/a")
        #expect(await q.depth == 0, "must not be handed to a second worker")
        await q.done("ns/a")
        #expect(await q.depth == 1, "re-queued exactly once after done")
        #expect(await q.get() == "ns/a")
        await q.done("ns/a")
        #expect(await q.depth == 0)
        #expect(await q.processingCount == 0)
    }

    @Test func highPriorityKeysGoFirstAndAPromotionMovesAQueuedKeyAhead() async {
        let q = makeQueue()
        for k in ["n1", "n2", "n3"] { await q.add(k) }
        await q.add("h1", priority: .high)
        await q.add("n3", priority: .high)  // queued normal → promoted
        await q.add("h1")  // a later normal add does not demote
        #expect(await q.depth == 4)
        var order: [String] = []
        while await q.depth > 0, let k = await q.get() {
            order.append(k)
            await q.done(k)
        }
        #expect(order == ["h1", "n3", "n1", "n2"], "each key once, high first")
        #expect(await q.depth == 0)
        #expect(await q.processingCount == 0)
    }

    @Test func aPromotedKeyIsNotHandedOutTwiceByItsOldEntry() async {
        let q = makeQueue()
        await q.add("a")
        await q.add("b")
        await q.add("b", priority: .high)
        #expect(await q.get() == "b")  // from the high queue
        await q.add("b")  // changed while processing: requeued on done, not now
        #expect(await q.get() == "a", "the old entry of b is skipped while b is processing")
        #expect(await q.depth == 0)
        await q.done("b")
        #expect(await q.depth == 1)
        #expect(await q.get() == "b")
        await q.done("a")
        await q.done("b")
        #expect(await q.depth == 0)
        #expect(await q.processingCount == 0)
    }

    @Test func aKeyPromotedWhileProcessingIsRequeuedHigh() async {
        let q = makeQueue()
        await q.add("a")
        #expect(await q.get() == "a")
        await q.add("x")
        await q.add("a", priority: .high)
        await q.done("a")
        #expect(await q.get() == "a")
        #expect(await q.get() == "x")
    }

    @Test func waitingWorkerGetsTheNextKey() async {
        let q = makeQueue()
        await withTaskGroup(of: String?.self) { group in
            group.addTask { await q.get() }
            group.addTask {
                await q.add("ns/x")
                return "added"
            }
            var results: [String?] = []
            for await r in group { results.append(r) }
            #expect(results.contains("ns/x"))
        }
    }

    @Test func delayedKeyBecomesReadyExactlyAtItsTime() async {
        let clock = ManualClock()
        let q = makeQueue(clock)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await q.run() }
            await q.add("ns/a", after: .seconds(5))
            await waitForSleepers(clock)
            clock.advance(by: .seconds(4))
            await Task.yield()
            #expect(await q.depth == 0)
            #expect(await q.delayedCount == 1)
            clock.advance(by: .seconds(1))
            #expect(await q.get() == "ns/a")
            #expect(await q.delayedCount == 0)
            await q.shutDown()
        }
    }

    @Test func theEarlierOfTwoDelaysWins() async {
        let clock = ManualClock()
        let q = makeQueue(clock)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await q.run() }
            await q.add("ns/a", after: .seconds(10))
            await waitForSleepers(clock)
            await q.add("ns/a", after: .seconds(2))
            await q.add("ns/a", after: .seconds(7))  // later: ignored
            // The timer re-arms for the earlier deadline.
            for _ in 0..<100_000 {
                await Task.yield()
                if clock.sleeperCount == 1 { break }
            }
            clock.advance(by: .seconds(2))
            #expect(await q.get() == "ns/a")
            await q.done("ns/a")
            clock.advance(by: .seconds(10))
            await Task.yield()
            #expect(await q.depth == 0, "the superseded deadline does not fire again")
            await q.shutDown()
        }
    }

    @Test func addNowCancelsAPendingDelay() async {
        let q = makeQueue()
        await q.add("ns/a", after: .seconds(60))
        await q.add("ns/a")
        #expect(await q.delayedCount == 0)
        #expect(await q.get() == "ns/a")
    }

    @Test func rateLimitedBackoffDoublesUpToTheCapAndForgetResets() async {
        let q = makeQueue()
        var delays: [Duration] = []
        for _ in 0..<10 { delays.append(await q.addRateLimited("ns/a")) }
        #expect(Array(delays.prefix(4)) == [.milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(40)])
        #expect(delays.last == .seconds(1))
        #expect(await q.failureCount("ns/a") == 10)
        await q.forget("ns/a")
        #expect(await q.failureCount("ns/a") == 0)
        #expect(await q.addRateLimited("ns/a") == .milliseconds(5))
    }

    @Test func backoffNeverOverflows() {
        #expect(Queue.backoff(failures: 200, base: .milliseconds(5), max: .seconds(1000)) == .seconds(1000))
        #expect(Queue.backoff(failures: 40, base: .seconds(1), max: .seconds(30)) == .seconds(30))
    }

    @Test func shutDownReleasesWaitersAndRefusesNewWork() async {
        let q = makeQueue()
        await withTaskGroup(of: String?.self) { group in
            group.addTask { await q.get() }
            group.addTask { await q.get() }
            for _ in 0..<1000 { await Task.yield() }
            await q.shutDown()
            for await r in group { #expect(r == nil) }
        }
        await q.add("ns/a")
        #expect(await q.depth == 0)
        #expect(await q.get() == nil)
    }

    @Test func runReturnsOnShutDown() async {
        let clock = ManualClock()
        let q = makeQueue(clock)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await q.run() }
            await q.add("ns/a", after: .seconds(100))
            await waitForSleepers(clock)
            await q.shutDown()
        }
        // Reaching here means run() returned.
        #expect(await q.isShuttingDown)
    }
}
