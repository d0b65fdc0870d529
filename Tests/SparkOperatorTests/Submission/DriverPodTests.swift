import Kube
import SparkOperator
import SparkOperatorAPI
import Testing

/// The driver pod as spark-submit builds it from the configuration.
@Suite struct DriverPodTests {
    typealias F = SubmissionFixture

    static func pod(_ app: SparkApplication, options: SubmissionOptions = SubmissionOptions()) throws -> JSONValue {
        try F.json(try F.plan(app, options: options).driverPod)
    }

    static func resources(_ configure: (inout SparkApplicationSpec) -> Void, type: SparkApplicationType = .scala) throws -> JSONValue {
        let file = type == .python ? "local:///app.py" : (type == .r ? "local:///app.R" : "local:///app.jar")
        return try #require(try F.container(try pod(F.app(type: type, file: file, configure: configure)))["resources"])
    }

    // MARK: Resources

    @Test func defaultResources() throws {
        // 1 core; 1g + max(0.1 × 1024, 384) = 1408Mi, request = limit; no CPU limit.
        #expect(try Self.resources { _ in } == ["requests": ["cpu": "1", "memory": "1408Mi"], "limits": ["memory": "1408Mi"]])
    }

    @Test func coresRequestAndLimit() throws {
        #expect(try Self.resources { $0.driver.cores = 3 }["requests"]?["cpu"] == "3")
        let r = try Self.resources { $0.driver.cores = 3; $0.driver.coreRequest = "500m"; $0.driver.coreLimit = "1500m" }
        #expect(r["requests"]?["cpu"] == "500m")
        #expect(r["limits"]?["cpu"] == "1500m")
        // sparkConf works too when the spec is silent.
        #expect(try Self.resources { $0.sparkConf = ["spark.driver.cores": "2"] }["requests"]?["cpu"] == "2")
    }

    @Test(arguments: [
        ("4g", nil, nil, SparkApplicationType.scala, "4505Mi"),       // 4096 + Int(409.6)
        ("512m", nil, nil, .scala, "896Mi"),                          // 512 + 384 floor
        ("1g", "200m", nil, .scala, "1224Mi"),                        // explicit overhead
        ("1g", nil, "0.5", .scala, "1536Mi"),                         // spec.memoryOverheadFactor
        ("1g", nil, nil, .python, "1433Mi"),                          // non-JVM 0.4
        ("2g", nil, nil, .r, "2867Mi"),                               // 2048 + Int(819.2)
    ])
    func memoryIsHeapPlusOverhead(memory: String, overhead: String?, factor: String?, type: SparkApplicationType, expected: String) throws {
        let r = try Self.resources({ spec in
            spec.driver.memory = memory
            spec.driver.memoryOverhead = overhead
            spec.memoryOverheadFactor = factor
        }, type: type)
        #expect(r["requests"]?["memory"] == .string(expected))
        #expect(r["limits"]?["memory"] == .string(expected))
    }

    @Test func memoryLimitAndGPUFromTheWebhook() throws {
        let r = try Self.resources {
            $0.driver.memoryLimit = "2g"
            $0.driver.gpu = GPUSpec(name: "nvidia.com/gpu", quantity: 2)
        }
        #expect(r["requests"]?["memory"] == "1408Mi")
        #expect(r["limits"]?["memory"] == "2Gi")
        #expect(r["limits"]?["nvidia.com/gpu"] == "2")
        // A GPU without a name or quantity is ignored, as kubeflow does.
        #expect(try Self.resources { $0.driver.gpu = GPUSpec(name: "", quantity: 1) }["limits"]?["nvidia.com/gpu"] == nil)
    }

    @Test func sparkResourceProfilesBecomeVendorLimits() throws {
        let r = try Self.resources { $0.sparkConf = ["spark.driver.resource.gpu.amount": "1", "spark.driver.resource.gpu.vendor": "nvidia.com"] }
        #expect(r["limits"]?["nvidia.com/gpu"] == "1")
    }

    // MARK: Command

    @Test func argsPerLanguage() throws {
        let java = try F.container(try Self.pod(F.app { $0.arguments = ["a", "b"]; $0.proxyUser = "alice" }))
        #expect(java["args"] == ["driver", "--proxy-user", "alice", "--properties-file", "/opt/spark/conf/spark.properties",
                                 "--class", "org.apache.spark.examples.SparkPi", "local:///opt/spark/examples/jars/spark-examples.jar", "a", "b"])
        let python = try F.container(try Self.pod(F.app(type: .python, file: "s3a://bucket/job.py")))
        #expect(python["args"] == ["driver", "--properties-file", "/opt/spark/conf/spark.properties", "--class",
                                   "org.apache.spark.deploy.PythonRunner", "s3a://bucket/job.py"])
        let r = try F.container(try Self.pod(F.app(type: .r, file: "local:///job.R")))
        #expect(r["args"]?.arrayValue?[4] == "org.apache.spark.deploy.RRunner")
    }

    @Test func sparkUserIsTheProxyUserOrTheOperatorUser() throws {
        #expect(try F.env(try Self.pod(F.app()), "SPARK_USER")?["value"] == "spark")
        #expect(try F.env(try Self.pod(F.app(), options: SubmissionOptions(sparkUser: "root")), "SPARK_USER")?["value"] == "root")
        #expect(try F.env(try Self.pod(F.app { $0.proxyUser = "bob" }), "SPARK_USER")?["value"] == "bob")
    }

    // MARK: Configuration-driven pieces

    @Test func envFromConfiguration() throws {
        let pod = try Self.pod(F.app {
            $0.driver.envVars = ["A": "1"]
            $0.driver.envSecretKeyRefs = ["TOKEN": NameKey(name: "creds", key: "token")]
            $0.driver.secrets = [SecretInfo(name: "gcp", path: "/mnt/gcp/", secretType: .gcpServiceAccount),
                                 SecretInfo(name: "hdt", path: "/mnt/hdt", secretType: .hadoopDelegationToken),
                                 SecretInfo(name: "plain", path: "/mnt/plain")]
        })
        #expect(try F.env(pod, "A")?["value"] == "1")
        #expect(try F.env(pod, "TOKEN")?["valueFrom"] == ["secretKeyRef": ["key": "token", "name": "creds"]])
        #expect(try F.env(pod, "GOOGLE_APPLICATION_CREDENTIALS")?["value"] == "/mnt/gcp/key.json")
        #expect(try F.env(pod, "HADOOP_TOKEN_FILE_LOCATION")?["value"] == "/mnt/hdt/hadoop.token")
        let volumes = pod["spec"]?["volumes"]?.arrayValue ?? []
        for name in ["gcp", "hdt", "plain"] {
            #expect(volumes.contains(["name": .string("\(name)-volume"), "secret": ["secretName": .string(name)]]))
        }
        let mounts = try F.container(pod)["volumeMounts"]?.arrayValue ?? []
        #expect(mounts.contains(["name": "plain-volume", "mountPath": "/mnt/plain"]))
    }

    @Test func pysparkEnv() throws {
        let pod = try Self.pod(F.app(type: .python, file: "local:///a.py") { $0.sparkConf = ["spark.pyspark.python": "python3.11"] })
        #expect(try F.env(pod, "PYSPARK_PYTHON")?["value"] == "python3.11")
        #expect(try F.env(pod, "PYSPARK_DRIVER_PYTHON")?["value"] == "python3.11")
        #expect(try F.env(try Self.pod(F.app(type: .python, file: "local:///a.py")), "PYSPARK_PYTHON") == nil)
    }

    @Test func podFieldsFromConfiguration() throws {
        let pod = try Self.pod(F.app {
            $0.imagePullPolicy = "Always"
            $0.imagePullSecrets = ["a", "b"]
            $0.driver.image = "driver:1"
            $0.driver.serviceAccount = "sa"
            $0.nodeSelector = ["zone": "z1"]
            $0.driver.annotations = ["note": "{{APP_ID}}"]
            $0.sparkConf = ["spark.kubernetes.driver.node.selector.disk": "ssd", "spark.kubernetes.driver.scheduler.name": "custom"]
        })
        let spec = try #require(pod["spec"])
        #expect(try F.container(pod)["image"] == "driver:1")
        #expect(try F.container(pod)["imagePullPolicy"] == "Always")
        #expect(spec["imagePullSecrets"] == [["name": "a"], ["name": "b"]])
        #expect(spec["serviceAccount"] == "sa")
        #expect(spec["serviceAccountName"] == "sa")
        #expect(spec["nodeSelector"] == ["zone": "z1", "disk": "ssd"])
        #expect(spec["schedulerName"] == "custom")
        #expect(pod["metadata"]?["annotations"]?["note"] == pod["metadata"]?["labels"]?["spark-app-selector"])
    }

    @Test func labels() throws {
        var app = F.app { $0.driver.labels = ["team": "data"] }
        app.metadata.labels = ["owner": "me", "team": "app"]
        let labels = try #require(try Self.pod(app)["metadata"]?["labels"]?.objectValue)
        #expect(labels["owner"] == "me")
        #expect(labels["team"] == "data")  // driver labels win over the application's (later --conf)
        #expect(labels["spark-role"] == "driver")
        #expect(labels["spark-version"] == "3.5.1")
        #expect(labels["spark-app-name"] == "pi")
        #expect(labels["sparkoperator.k8s.io/launched-by-spark-operator"] == "true")
    }

    @Test func localDirs() throws {
        let tmpfs = try Self.pod(F.app { $0.sparkConf = ["spark.local.dir": "/a,/b", "spark.kubernetes.local.dirs.tmpfs": "true"] })
        #expect(try F.env(tmpfs, "SPARK_LOCAL_DIRS")?["value"] == "/a,/b")
        let volumes = tmpfs["spec"]?["volumes"]?.arrayValue ?? []
        #expect(volumes.contains(["name": "spark-local-dir-1", "emptyDir": ["medium": "Memory"]]))
        #expect(volumes.contains(["name": "spark-local-dir-2", "emptyDir": ["medium": "Memory"]]))
        // A spark-local-dir-* volume of the spec replaces the default, through Spark's volume conf.
        let pvc = try Self.pod(F.app {
            $0.volumes = [["name": "spark-local-dir-1", "persistentVolumeClaim": ["claimName": "scratch"]]]
            $0.driver.volumeMounts = [["name": "spark-local-dir-1", "mountPath": "/scratch"]]
        })
        #expect(try F.env(pvc, "SPARK_LOCAL_DIRS")?["value"] == "/scratch")
        #expect(pvc["spec"]?["volumes"]?.arrayValue?.contains(
            ["name": "spark-local-dir-1", "persistentVolumeClaim": ["claimName": "scratch", "readOnly": false]]) == true)
        #expect(try F.container(pvc)["volumeMounts"]?.arrayValue?.contains(
            ["name": "spark-local-dir-1", "mountPath": "/scratch", "readOnly": false, "subPath": ""]) == true)
    }

    @Test func portsFollowConfiguration() throws {
        let pod = try Self.pod(F.app { $0.sparkConf = ["spark.driver.port": "7000", "spark.blockManager.port": "7001", "spark.ui.port": "4050"] })
        let ports = try F.container(pod)["ports"]
        #expect(ports == [
            ["containerPort": 7000, "name": "driver-rpc-port", "protocol": "TCP"],
            ["containerPort": 7001, "name": "blockmanager", "protocol": "TCP"],
            ["containerPort": 4050, "name": "spark-ui", "protocol": "TCP"],
        ], "\(ports?.compactJSON ?? "")")
    }
}

extension DriverPodTests {
    @Test func hadoopAndKerberosObjectsNamedInConfiguration() throws {
        let pod = try Self.pod(F.app {
            $0.sparkConf = [
                "spark.kubernetes.hadoop.configMapName": "hadoop-conf",
                "spark.kubernetes.kerberos.krb5.configMapName": "krb5",
                "spark.kubernetes.kerberos.tokenSecret.name": "tokens",
                "spark.kubernetes.kerberos.tokenSecret.itemKey": "dt",
                "spark.kerberos.keytab": "local:///etc/security/app.keytab",
            ]
        })
        let volumes = pod["spec"]?["volumes"]?.arrayValue ?? []
        let mounts = try F.container(pod)["volumeMounts"]?.arrayValue ?? []
        #expect(volumes.contains(["name": "hadoop-properties", "configMap": ["name": "hadoop-conf"]]))
        #expect(mounts.contains(["name": "hadoop-properties", "mountPath": "/opt/hadoop/conf"]))
        #expect(try F.env(pod, "HADOOP_CONF_DIR")?["value"] == "/opt/hadoop/conf")
        #expect(volumes.contains(["name": "krb5-file", "configMap": ["name": "krb5"]]))
        #expect(mounts.contains(["name": "krb5-file", "mountPath": "/etc/krb5.conf", "subPath": "krb5.conf"]))
        #expect(volumes.contains(["name": "hadoop-secret", "secret": ["secretName": "tokens"]]))
        #expect(try F.env(pod, "HADOOP_TOKEN_FILE_LOCATION")?["value"] == "/mnt/secrets/hadoop-credentials/dt")
        // A keytab on the submitter's disk would have to be uploaded.
        #expect(SubmissionBuilderTests.field { try F.plan(F.app { $0.sparkConf = ["spark.kerberos.keytab": "/home/me/app.keytab"] }) }
            == "spec.sparkConf[spark.kerberos.keytab]")
    }
}
