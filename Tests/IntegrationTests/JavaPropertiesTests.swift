import KubeTesting
import SparkOperatorAPI
import Testing

@Suite("JavaProperties (java.util.Properties.load)")
struct JavaPropertiesTests {
    @Test("spark.properties as Spark writes it: comments, escaped colons and equals signs")
    func sparkProperties() {
        let text = """
            #Java properties built from Kubernetes config map with name: spark-drv-9b2117a210296137-conf-map
            #Wed Nov 25 00:44:37 UTC 2026
            spark.driver.port=7078
            spark.master=k8s\\://https\\://127.0.0.1\\:16444
            spark.submit.pyFiles=
            spark.kubernetes.container.image=spark\\:3.5.1
            spark.jars=local\\:///opt/spark/examples/jars/spark-examples_2.12-3.5.1.jar
            spark.driver.extraJavaOptions=-Da\\=b -Dc\\=d
            """
        let p = JavaProperties.parse(text)
        #expect(p.count == 6)
        #expect(p["spark.driver.port"] == "7078")
        #expect(p["spark.master"] == "k8s://https://127.0.0.1:16444")
        #expect(p["spark.submit.pyFiles"] == "")
        #expect(p["spark.kubernetes.container.image"] == "spark:3.5.1")
        #expect(p["spark.jars"] == "local:///opt/spark/examples/jars/spark-examples_2.12-3.5.1.jar")
        #expect(p["spark.driver.extraJavaOptions"] == "-Da=b -Dc=d")
    }

    @Test("separators: '=', ':' or whitespace, with whitespace around; escaped separators in keys")
    func separators() {
        let p = JavaProperties.parse("a=1\nb : 2\nc 3\n  d\t=\t4  \ne\\ f=5\ng\\:h=6\ni\nj=\n")
        #expect(p["a"] == "1")
        #expect(p["b"] == "2")
        #expect(p["c"] == "3")
        #expect(p["d"] == "4  ", "trailing whitespace belongs to the value")
        #expect(p["e f"] == "5")
        #expect(p["g:h"] == "6")
        #expect(p["i"] == "")
        #expect(p["j"] == "")
    }

    @Test("line continuations: an odd number of trailing backslashes continues; the next line's indent is dropped")
    func continuations() {
        let p = JavaProperties.parse("list=a,\\\n    b,\\\n\tc\nliteral=ends with backslash\\\\\nnext=1\n")
        #expect(p["list"] == "a,b,c")
        #expect(p["literal"] == "ends with backslash\\")
        #expect(p["next"] == "1")
    }

    @Test("comments (# and !, after indentation), blank lines, CR and CRLF line ends; a later key wins")
    func commentsAndLineEnds() {
        let p = JavaProperties.parse("# c\r\n  ! c\r\n\r\na=1\rb=2\r\na=3\n#x=4\\\ny=5")
        #expect(p == ["a": "3", "b": "2", "y": "5"], "a comment line is never continued")
    }

    @Test("escapes: \\t \\n \\r \\f, \\uXXXX (and surrogate pairs), any other escaped character is itself")
    func escapes() {
        let p = JavaProperties.parse("a=x\\ty\\nz\\r\\f\nb=caf\\u00e9\nc=\\uD83D\\uDE00\nd=\\q\\\\\\#")
        #expect(p["a"] == "x\ty\nz\r\u{0C}")
        #expect(p["b"] == "café")
        #expect(p["c"] == "😀")
        #expect(p["d"] == "q\\#")
    }
}
