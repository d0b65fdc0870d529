import Foundation
import Testing

@testable import SparkOperatorAPI

@Suite struct QuantityTests {
    /// input → canonical form, as apimachinery's ParseQuantity + String() produce.
    @Test(arguments: [
        ("0", "0"), ("0Gi", "0"), ("-0", "0"), ("0.0", "0"),
        ("1", "1"), ("1000", "1k"), ("1200", "1200"), ("12000", "12k"), ("1500000", "1500k"),
        ("1.5", "1500m"), ("0.5", "500m"), (".5", "500m"), ("1.", "1"), ("0.1", "100m"),
        ("500m", "500m"), ("1000m", "1"), ("1500m", "1500m"), ("0.1m", "100u"), ("1n", "1n"), ("1u", "1u"),
        ("100Mi", "100Mi"), ("1Gi", "1Gi"), ("1024Mi", "1Gi"), ("1536Mi", "1536Mi"), ("1.5Gi", "1536Mi"),
        ("0.5Gi", "512Mi"), ("0.5Ki", "512"), ("1.5Ki", "1536"), ("1Ki", "1Ki"), ("1023", "1023"),
        ("1408Mi", "1408Mi"), ("1433Mi", "1433Mi"), ("1.1Ki", "1126400m"), ("1Ei", "1Ei"), ("1Pi", "1Pi"), ("2Ti", "2Ti"),
        ("1k", "1k"), ("1M", "1M"), ("1G", "1G"), ("1T", "1T"), ("1P", "1P"), ("1E", "1E"), ("1000k", "1M"),
        ("1e3", "1e3"), ("1E3", "1e3"), ("1e+3", "1e3"), ("1e0", "1"), ("12e6", "12e6"), ("1.5e-3", "1500e-6"),
        ("1e-9", "1e-9"), ("100e-3", "100e-3"),
        ("-1", "-1"), ("-1.5", "-1500m"), ("-1Gi", "-1Gi"), ("+1Gi", "1Gi"), ("+500m", "500m"), ("-1e3", "-1e3"),
        ("01k", "1k"), ("007", "7"),
        ("9223372036854775807", "9223372036854775807"), ("9E", "9E"),
    ])
    func canonicalForm(input: String, canonical: String) throws {
        #expect(try Quantity(parsing: input).description == canonical)
    }

    /// Anything finer than 1n is rounded up (away from zero).
    @Test(arguments: [("0.1n", "1n"), ("1.1n", "2n"), ("0.0000000001", "1n"), ("1e-20", "1e-9"), ("-0.5n", "-1n"),
                      ("1.0000000001", "1000000001n"), ("0.9999999999", "1")])
    func roundsUpToNanos(input: String, canonical: String) throws {
        #expect(try Quantity(parsing: input).description == canonical)
    }

    @Test func binaryValuesAboveInt64AreCapped() throws {
        #expect(try Quantity(parsing: "8Ei").description == "9223372036854775807")
        #expect(try Quantity(parsing: "-100Ei") == Quantity(-Int64.max))
    }

    @Test(arguments: ["", "Gi", "1.2.3", "1 Gi", " 1", "1 ", "abc", "1K", "1mi", "1gi", "1KiB", "1e", "1e1.5",
                      "1Ki3", "--1", "+", "-", ".", "1,5", "1_000", "0x10", "1e3e3"])
    func rejectsMalformed(input: String) {
        #expect(throws: QuantityError.self) { try Quantity(parsing: input) }
        #expect(Quantity(input) == nil)
    }

    @Test func decimalValuesBeyondInt64AreRejected() {
        #expect(throws: QuantityError(input: "1e19", reason: .outOfRange)) { try Quantity(parsing: "1e19") }
        #expect(throws: QuantityError(input: "10E", reason: .outOfRange)) { try Quantity(parsing: "10E") }
        #expect(throws: QuantityError(input: "1e9999999999", reason: .outOfRange)) { try Quantity(parsing: "1e9999999999") }
    }

    @Test func errorMessagesQuoteTheInputAndSayWhatIsWrong() {
        let suffix = QuantityError(input: "1K", reason: .unknownSuffix("K")).description
        #expect(suffix.contains("\"1K\""))
        #expect(suffix.contains("unknown suffix \"K\""))
        #expect(suffix.contains("Ki"))
        let malformed = QuantityError(input: "1.2.3", reason: .malformed).description
        #expect(malformed.contains("\"1.2.3\""))
        #expect(malformed.contains("number"))
        #expect(QuantityError(input: "", reason: .empty).description.contains("empty"))
        #expect(QuantityError(input: "1e19", reason: .outOfRange).description.contains("2^63-1"))
        #expect(throws: QuantityError(input: "1K", reason: .unknownSuffix("K"))) { try Quantity(parsing: "1K") }
        #expect(throws: QuantityError(input: "1.2.3", reason: .malformed)) { try Quantity(parsing: "1.2.3") }
        #expect(throws: QuantityError(input: "", reason: .empty)) { try Quantity(parsing: "") }
    }

    @Test func formatFollowsTheSuffix() throws {
        #expect(try Quantity(parsing: "1Gi").format == .binarySI)
        #expect(try Quantity(parsing: "1G").format == .decimalSI)
        #expect(try Quantity(parsing: "1").format == .decimalSI)
        #expect(try Quantity(parsing: "1e9").format == .decimalExponent)
        #expect(try Quantity(parsing: "0.5Ki").format == .binarySI)
        #expect(try Quantity(parsing: "0.0001Ki").format == .decimalSI)  // below 1, as apimachinery
    }

    @Test func equalityAndOrderingCompareValues() throws {
        let gi = try Quantity(parsing: "1Gi")
        #expect(gi == (try Quantity(parsing: "1024Mi")))
        #expect(gi == (try Quantity(parsing: "1073741824")))
        #expect(Set([gi, try Quantity(parsing: "1024Mi")]).count == 1)
        #expect(try Quantity(parsing: "1G") < gi)
        #expect(try Quantity(parsing: "999m") < (try Quantity(parsing: "1")))
        #expect(try Quantity(parsing: "-1.5") < (try Quantity(parsing: "-1.2")))
        #expect(try Quantity(parsing: "-0.5") < (try Quantity(parsing: "0.3")))
        #expect(try Quantity(parsing: "-2") < (try Quantity(parsing: "-1500m")))
        #expect(try Quantity(parsing: "1n") > .zero)
        let sorted = try ["1Gi", "500m", "-1", "1k", "2"].map { try Quantity(parsing: $0) }.sorted().map(\.description)
        #expect(sorted == ["-1", "500m", "2", "1k", "1Gi"])
    }

    @Test func integerAccessorsRoundUpInMagnitude() throws {
        #expect(try Quantity(parsing: "1500m").value == 2)
        #expect(try Quantity(parsing: "-1500m").value == -2)
        #expect(try Quantity(parsing: "2").value == 2)
        #expect(try Quantity(parsing: "1Gi").value == 1 << 30)
        #expect(try Quantity(parsing: "1.5").milliValue == 1500)
        #expect(try Quantity(parsing: "1n").milliValue == 1)
        #expect(try Quantity(parsing: "-1n").milliValue == -1)
        #expect(try Quantity(parsing: "8E").milliValue == Int64.max)
        #expect(try Quantity(parsing: "250m").approximateDouble == 0.25)
    }

    @Test func constructors() {
        #expect(Quantity(2).description == "2")
        #expect(Quantity(2048, format: .binarySI).description == "2Ki")
        #expect(Quantity(milli: 1500).description == "1500m")
        #expect(Quantity(milli: -250).description == "-250m")
        #expect(Quantity(milli: 3000).description == "3")
        #expect(Quantity.mebibytes(1408).description == "1408Mi")
        #expect(Quantity.mebibytes(1024).description == "1Gi")
        #expect(Quantity.mebibytes(Int64.max) == Quantity(Int64.max))
        #expect(Quantity(Int64.min) == Quantity(-Int64.max))
        #expect(Quantity(1536, format: .binarySI).with(format: .decimalSI).description == "1536")
    }

    @Test func arithmeticIsExact() throws {
        let a = try Quantity(parsing: "1.5Gi")
        let b = try Quantity(parsing: "512Mi")
        #expect((a + b).description == "2Gi")
        #expect((a - b).description == "1Gi")
        #expect((try Quantity(parsing: "100m") + Quantity(parsing: "200m")).description == "300m")
        #expect((try Quantity(parsing: "0.1") + Quantity(parsing: "0.2")) == (try Quantity(parsing: "0.3")))
        #expect((try Quantity(parsing: "1") - Quantity(parsing: "1500m")).description == "-500m")
        #expect((try Quantity(parsing: "-1.7") + Quantity(parsing: "2.2")).description == "500m")
        #expect((try Quantity(parsing: "0.999999999") + Quantity(parsing: "1n")).description == "1")
        #expect((Quantity.zero + (try Quantity(parsing: "1Gi"))).format == .binarySI)
        var sum = Quantity.zero
        sum += try Quantity(parsing: "250m")
        sum -= try Quantity(parsing: "1")
        #expect(sum.description == "-750m")
        #expect((-(try Quantity(parsing: "1Gi"))).description == "-1Gi")
        #expect((try Quantity(parsing: "1408Mi")).multiplied(by: 3).description == "4224Mi")
        #expect((try Quantity(parsing: "1.5")).multiplied(by: -3).description == "-4500m")
        #expect((try Quantity(parsing: "1.5")).multiplied(by: 0) == .zero)
    }

    @Test func arithmeticSaturatesInsteadOfTrapping() throws {
        let big = Quantity(Int64.max)
        #expect(big + big == big)
        #expect(-big - big == -big)
        #expect(big.multiplied(by: 2) == big)
        #expect(big.multiplied(by: -2) == -big)
    }

    @Test func encodesTheCanonicalString() throws {
        struct Box: Codable { var q: Quantity }
        let data = try JSONEncoder().encode(Box(q: try Quantity(parsing: "1024Mi")))
        #expect(String(decoding: data, as: UTF8.self) == #"{"q":"1Gi"}"#)
    }

    @Test(arguments: [(#"{"q":"1.5"}"#, "1500m"), (#"{"q":" 1Gi "}"#, "1Gi"), (#"{"q":2}"#, "2"), (#"{"q":0.5}"#, "500m"),
                      (#"{"q":1.5e3}"#, "1500"), (#"{"q":123456789012}"#, "123456789012")])
    func decodesStringsAndNumbers(json: String, canonical: String) throws {
        struct Box: Codable { var q: Quantity }
        #expect(try JSONDecoder().decode(Box.self, from: Data(json.utf8)).q.description == canonical)
    }

    @Test(arguments: [#"{"q":"1K"}"#, #"{"q":true}"#, #"{"q":null}"#, #"{"q":[1]}"#])
    func decodingRejectsNonQuantities(json: String) {
        struct Box: Codable { var q: Quantity }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Box.self, from: Data(json.utf8)) }
    }

    @Test func fromJSONValue() throws {
        #expect(try Quantity(json: "500m").description == "500m")
        #expect(try Quantity(json: 4).description == "4")
        #expect(try Quantity(json: 0.25).description == "250m")
        #expect(throws: QuantityError.self) { try Quantity(json: true) }
        #expect(throws: QuantityError.self) { try Quantity(json: "1K") }
    }

    @Test func roundTripsThroughItsDescription() throws {
        for input in ["1.5", "1536Mi", "-7e-9", "123456789012345678", "1Ei", "0.000000001", "42k"] {
            let q = try Quantity(parsing: input)
            #expect(try Quantity(parsing: q.description) == q)
        }
    }
}
