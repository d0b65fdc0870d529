import SparkOperator
import SparkOperatorAPI
import Testing

@Suite struct JavaPropertiesTests {
    /// The escapes of the reference `spark.properties` written by spark-submit 3.5.1.
    @Test func referenceEscapes() {
        #expect(JavaProperties.escape("k8s://https://127.0.0.1:16444", isKey: false) == #"k8s\://https\://127.0.0.1\:16444"#)
        #expect(JavaProperties.escape("local:///opt/spark/examples/jars/spark-examples_2.12-3.5.1.jar", isKey: false)
            == #"local\:///opt/spark/examples/jars/spark-examples_2.12-3.5.1.jar"#)
        #expect(JavaProperties.escape("spark:3.5.1", isKey: false) == #"spark\:3.5.1"#)
        #expect(JavaProperties.escape("/path/to/ca.crt", isKey: false) == "/path/to/ca.crt")
    }

    @Test func saveConvertRules() {
        #expect(JavaProperties.escape("a=b#c!d", isKey: false) == "a\\=b\\#c\\!d")
        #expect(JavaProperties.escape(#"C:\dir"#, isKey: false) == #"C\:\\dir"#)
        #expect(JavaProperties.escape("tab\there\nnl\rcr\u{0C}ff", isKey: false) == #"tab\there\nnl\rcr\fff"#)
        // Spaces: every one in keys, only a leading one in values.
        #expect(JavaProperties.escape("a key", isKey: true) == #"a\ key"#)
        #expect(JavaProperties.escape(" -Xmx1g -Dx=y", isKey: false) == #"\ -Xmx1g -Dx\=y"#)
        // No \u escapes when writing to a Writer, as Spark does.
        #expect(JavaProperties.escape("grüße", isKey: false) == "grüße")
        #expect(JavaProperties.escape("spark.kubernetes.driver.label.sparkoperator.k8s.io/app-name", isKey: true)
            == "spark.kubernetes.driver.label.sparkoperator.k8s.io/app-name")
    }

    @Test func renderSortsAndComments() {
        let text = JavaProperties.render(["b": "2", "a": "x:y"], comment: "hello")
        #expect(text == "#hello\na=x\\:y\nb=2\n")
    }

    @Test func parseReadsWhatRenderWrites() {
        let values = [
            "spark.master": "k8s://https://10.0.0.1:443", "spark.driver.extraJavaOptions": " -Da=b -Dc=d ",
            "weird key=": "multi\nline\tvalue\\", "empty": "", "unicode": "Ünïcødé #!", "spark.kubernetes.driver.annotation.x/y": "{\"a\": 1}",
        ]
        #expect(JavaProperties.parse(JavaProperties.render(values, comment: "c")) == values)
    }

    @Test func parseJavaSyntax() {
        let text = """
            # comment
            ! also a comment
              key1 = value1
            key2:value2
            key3 value3
            key4=line\\
                continued
            key5=\\u0041\\u00e9
            key6
            """
        #expect(JavaProperties.parse(text) == [
            "key1": "value1", "key2": "value2", "key3": "value3", "key4": "linecontinued", "key5": "Aé", "key6": "",
        ])
    }
}
