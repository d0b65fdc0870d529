import Testing

@testable import Kube

@Suite("Backoff")
struct BackoffTests {
    typealias B = Backoff<ContinuousClock.Instant>

    static func seconds(_ d: Duration) -> Double { B.seconds(d) }

    @Test func sequenceWithoutJitterDoublesUpToTheCap() {
        var b = B.watcher
        var rng = FixedRandom(value: 0)  // jitter fraction 0
        let delays = (0..<9).map { _ in Self.seconds(b.next(using: &rng)) }
        #expect(delays == [0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 30, 30, 30])
        #expect(b.attempt == 9)
    }

    @Test func jitterStaysWithinBaseAndTwiceBase() {
        var b = B.watcher
        var rng = SeededRandom(seed: 7)
        let bases = [0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 30, 30, 30, 30, 30, 30]
        var sawJitter = false
        for base in bases {
            let d = Self.seconds(b.next(using: &rng))
            #expect(d >= base && d < 2 * base, "delay \(d) for base \(base)")
            if d > base + 0.001 { sawJitter = true }
        }
        #expect(sawJitter)
    }

    @Test func maximalJitterIsJustBelowTwiceTheCap() {
        var b = B.watcher
        var rng = FixedRandom(value: .max)
        for _ in 0..<10 { _ = b.next(using: &rng) }
        let d = Self.seconds(b.next(using: &rng))
        #expect(d > 59.9 && d <= 60)
    }

    @Test func resetStartsOver() {
        var b = B.watcher
        var rng = FixedRandom(value: 0)
        for _ in 0..<5 { _ = b.next(using: &rng) }
        b.reset()
        #expect(Self.seconds(b.next(using: &rng)) == 0.8)
    }

    @Test func resetsAfterTwoStableMinutes() {
        var b = B.watcher
        var rng = FixedRandom(value: 0)
        let t0 = ContinuousClock.now
        #expect(Self.seconds(b.next(at: t0, using: &rng)) == 0.8)
        #expect(Self.seconds(b.next(at: t0 + .seconds(1), using: &rng)) == 1.6)
        #expect(Self.seconds(b.next(at: t0 + .seconds(100), using: &rng)) == 3.2)  // 99 s since the last: no reset
        #expect(Self.seconds(b.next(at: t0 + .seconds(220), using: &rng)) == 6.4)  // exactly 120 s: no reset
        #expect(Self.seconds(b.next(at: t0 + .seconds(341), using: &rng)) == 0.8)  // 121 s: reset
        #expect(Self.seconds(b.next(at: t0 + .seconds(342), using: &rng)) == 1.6)
    }

    @Test func noTimeResetWithoutResetAfter() {
        var b = B(initial: .milliseconds(100), maximum: .seconds(1), jitter: 0)
        var rng = SeededRandom(seed: 1)
        let t0 = ContinuousClock.now
        _ = b.next(at: t0, using: &rng)
        #expect(Self.seconds(b.next(at: t0 + .seconds(3600), using: &rng)) == 0.2)
    }

    @Test func customMultiplierAndZeroJitter() {
        var b = B(initial: .seconds(1), maximum: .seconds(10), multiplier: 3, jitter: 0)
        var rng = SeededRandom(seed: 3)
        #expect((0..<4).map { _ in Self.seconds(b.next(using: &rng)) } == [1, 3, 9, 10])
    }

    @Test func manyAttemptsDoNotOverflow() {
        var b = B.watcher
        var rng = FixedRandom(value: 0)
        for _ in 0..<10_000 { _ = b.next(using: &rng) }
        #expect(Self.seconds(b.next(using: &rng)) == 30)
    }
}

@Suite("TokenBucket")
struct TokenBucketTests {
    @Test func burstThenRate() {
        var bucket = TokenBucket(qps: 10, burst: 3)
        let t0 = ContinuousClock.now
        // The burst goes through at once.
        #expect((0..<3).map { _ in bucket.reserve(at: t0) } == [.zero, .zero, .zero])
        // Then one token per 100 ms, queued in order.
        #expect(bucket.reserve(at: t0) == .milliseconds(100))
        #expect(bucket.reserve(at: t0) == .milliseconds(200))
        // Time refills; reservations already taken are owed first.
        #expect(bucket.reserve(at: t0 + .milliseconds(300)) == .milliseconds(0))
        #expect(bucket.reserve(at: t0 + .milliseconds(300)) == .milliseconds(100))
    }

    @Test func refillIsCappedAtBurst() {
        var bucket = TokenBucket(qps: 1, burst: 2)
        let t0 = ContinuousClock.now
        _ = bucket.reserve(at: t0)
        let later = t0 + .seconds(3600)
        #expect(bucket.reserve(at: later) == .zero)
        #expect(bucket.reserve(at: later) == .zero)
        #expect(bucket.reserve(at: later) == .seconds(1))
    }
}
