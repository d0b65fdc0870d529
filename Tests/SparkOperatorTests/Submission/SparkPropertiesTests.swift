import Kube
import SparkOperator
import SparkOperatorAPI
import Testing

/// The keys kubeflow's spark-submit arguments carry, and what spark-submit adds, in `spark.properties`.
@Suite struct SparkPropertiesTests {
    typealias F = SubmissionFixture

    static func properties(type: SparkApplicationType = .scala, file: String = "local:///opt/app.jar",
                           options: SubmissionOptions = SubmissionOptions(),
                           _ configure: @escaping (inout SparkApplicationSpec) -> Void = { _ in }) throws -> [String: String] {
        try F.plan(F.app(type: type, file: file, configure: configure), options: options).sparkProperties
    }

    @Test func whatSparkSubmitAdds() throws {
        let p = try Self.properties()
        let plan = try F.plan(F.app(file: "local:///opt/app.jar"))
        #expect(p["spark.master"] == "k8s://https://kubernetes.default.svc:443")
        #expect(p["spark.kubernetes.driver.master"] == "https://kubernetes.default.svc:443")
        #expect(p["spark.submit.deployMode"] == "cluster")
        #expect(p["spark.kubernetes.submitInDriver"] == "true")
        #expect(p["spark.kubernetes.submission.waitAppCompletion"] == "false")
        #expect(p["spark.app.name"] == "pi")
        #expect(p["spark.app.id"] == plan.sparkAppID)
        #expect(p["spark.kubernetes.driver.pod.name"] == "pi-driver")
        #expect(p["spark.kubernetes.namespace"] == "ns")
        #expect(p["spark.driver.host"] == "\(plan.driverService.name).ns.svc")
        #expect(p["spark.driver.port"] == "7078")
        #expect(p["spark.driver.blockManager.port"] == "7079")
        #expect(p["spark.kubernetes.resource.type"] == "java")
        #expect(p["spark.kubernetes.memoryOverheadFactor"] == "0.1")
        #expect(p["spark.jars"] == "local:///opt/app.jar")
        #expect(p["spark.submit.pyFiles"] == "")
        #expect(p["spark.kubernetes.executor.podTemplateFile"] == "/opt/spark/pod-template/pod-spec-template.yml")
        #expect(p["spark.kubernetes.executor.podTemplateContainerName"] == "spark-kubernetes-executor")
        #expect(p["spark.app.submitTime"] == nil)
    }

    @Test func driverMaster() throws {
        #expect(try Self.properties(options: SubmissionOptions(master: "k8s://10.0.0.1:6443"))["spark.kubernetes.driver.master"] == "https://10.0.0.1:6443")
        #expect(try Self.properties(options: SubmissionOptions(driverMasterURL: "https://api:443"))["spark.kubernetes.driver.master"] == "https://api:443")
        #expect(try Self.properties { $0.driver.kubernetesMaster = "https://mine" }["spark.kubernetes.driver.master"] == "https://mine")
    }

    @Test func dependencies() throws {
        let p = try Self.properties {
            $0.deps = Dependencies()
            $0.deps?.jars = ["local:///a.jar", "https://repo/b.jar"]
            $0.deps?.files = ["s3a://bucket/f.txt"]
            $0.deps?.pyFiles = ["local:///lib.zip"]
            $0.deps?.packages = ["org.apache:x:1.0", "org.apache:y:2.0"]
            $0.deps?.excludePackages = ["org.apache:z"]
            $0.deps?.repositories = ["https://repo"]
            $0.deps?.archives = ["local:///env.tar.gz#env"]
            $0.sparkConf = ["spark.jars": "local:///ignored.jar", "spark.files": "local:///ignored.txt"]
        }
        // The primary jar is appended to spark.jars; the flags win over sparkConf.
        #expect(p["spark.jars"] == "local:///a.jar,https://repo/b.jar,local:///opt/app.jar")
        #expect(p["spark.files"] == "s3a://bucket/f.txt")
        #expect(p["spark.submit.pyFiles"] == "local:///lib.zip")
        #expect(p["spark.jars.packages"] == "org.apache:x:1.0,org.apache:y:2.0")
        #expect(p["spark.jars.excludes"] == "org.apache:z")
        #expect(p["spark.jars.repositories"] == "https://repo")
        #expect(p["spark.archives"] == "local:///env.tar.gz#env")
        // Without deps, sparkConf's spark.jars is kept (and the primary appended).
        #expect(try Self.properties { $0.sparkConf = ["spark.jars": "local:///x.jar"] }["spark.jars"] == "local:///x.jar,local:///opt/app.jar")
    }

    @Test func python() throws {
        let p = try Self.properties(type: .python, file: "local:///job.py") { $0.pythonVersion = "3"; $0.memoryOverheadFactor = "0.25" }
        #expect(p["spark.kubernetes.resource.type"] == "python")
        #expect(p["spark.jars"] == nil)
        #expect(p["spark.kubernetes.pyspark.pythonVersion"] == "3")
        #expect(p["spark.kubernetes.memoryOverheadFactor"] == "0.25")
        #expect(try Self.properties(type: .python, file: "local:///job.py")["spark.kubernetes.memoryOverheadFactor"] == "0.4")
        #expect(try Self.properties(type: .r, file: "local:///job.R")["spark.kubernetes.resource.type"] == "r")
    }

    @Test func sparkConfAndHadoopConf() throws {
        let p = try Self.properties {
            $0.sparkConf = ["spark.sql.shuffle.partitions": "8", "spark.kubernetes.driver.pod.name": "ignored-here", "spark.driver.host": "x"]
            $0.hadoopConf = ["fs.s3a.endpoint": "http://minio:9000"]
        }
        #expect(p["spark.sql.shuffle.partitions"] == "8")
        #expect(p["spark.hadoop.fs.s3a.endpoint"] == "http://minio:9000")
        // The pod name key names the driver pod (kubeflow's GetDriverPodName), spark.driver.host is the Service.
        #expect(p["spark.kubernetes.driver.pod.name"] == "ignored-here")
        #expect(p["spark.driver.host"]?.hasSuffix("-driver-svc.ns.svc") == true)
    }

    @Test func driverAndExecutorKeys() throws {
        var app = F.app(file: "local:///opt/app.jar") { spec in
            spec.driver.cores = 2
            spec.driver.coreRequest = "1500m"
            spec.driver.coreLimit = "2"
            spec.driver.memory = "2g"
            spec.driver.memoryOverhead = "512m"
            spec.driver.serviceAccount = "driver-sa"
            spec.driver.javaOptions = "-Dx=y"
            spec.driver.labels = ["dl": "1"]
            spec.driver.annotations = ["da": "1"]
            spec.driver.serviceLabels = ["sl": "1"]
            spec.driver.serviceAnnotations = ["sa": "1"]
            spec.driver.envSecretKeyRefs = ["PASS": NameKey(name: "db", key: "password")]
            spec.driver.envVars = ["DE": "1"]
            spec.driver.secrets = [SecretInfo(name: "gcp", path: "/mnt/gcp", secretType: .gcpServiceAccount)]
            spec.executor.instances = 4
            spec.executor.cores = 3
            spec.executor.coreRequest = "2"
            spec.executor.coreLimit = "3"
            spec.executor.memory = "4g"
            spec.executor.memoryOverhead = "1g"
            spec.executor.serviceAccount = "exec-sa"
            spec.executor.javaOptions = "-Da=b"
            spec.executor.deleteOnTermination = false
            spec.executor.labels = ["el": "1"]
            spec.executor.annotations = ["ea": "1"]
            spec.executor.envSecretKeyRefs = ["TOKEN": NameKey(name: "t", key: "k")]
            spec.executor.envVars = ["EE": "1"]
            spec.executor.secrets = [SecretInfo(name: "hdt", path: "/mnt/hdt", secretType: .hadoopDelegationToken)]
            spec.executor.image = "executor:1"
            spec.nodeSelector = ["zone": "a"]
            spec.dynamicAllocation = DynamicAllocation(enabled: true)
            spec.dynamicAllocation?.initialExecutors = 1
            spec.dynamicAllocation?.minExecutors = 1
            spec.dynamicAllocation?.maxExecutors = 9
            spec.dynamicAllocation?.shuffleTrackingTimeout = 60000
        }
        app.metadata.labels = ["app-label": "v", "kueue.x-k8s.io/queue-name": "q"]
        let p = try F.plan(app).sparkProperties
        let expected: [String: String] = [
            "spark.driver.cores": "2", "spark.kubernetes.driver.request.cores": "1500m", "spark.kubernetes.driver.limit.cores": "2",
            "spark.driver.memory": "2g", "spark.driver.memoryOverhead": "512m",
            "spark.kubernetes.authenticate.driver.serviceAccountName": "driver-sa", "spark.driver.extraJavaOptions": "-Dx=y",
            "spark.kubernetes.driver.label.dl": "1", "spark.kubernetes.driver.label.app-label": "v",
            "spark.kubernetes.driver.annotation.da": "1",
            "spark.kubernetes.driver.service.label.sl": "1", "spark.kubernetes.driver.service.annotation.sa": "1",
            "spark.kubernetes.driver.secretKeyRef.PASS": "db:password", "spark.kubernetes.driverEnv.DE": "1",
            "spark.kubernetes.driver.secrets.gcp": "/mnt/gcp", "spark.kubernetes.driverEnv.GOOGLE_APPLICATION_CREDENTIALS": "/mnt/gcp/key.json",
            "spark.kubernetes.driver.container.image": "spark:3.5.1",
            "spark.executor.instances": "4", "spark.executor.cores": "3", "spark.kubernetes.executor.request.cores": "2",
            "spark.kubernetes.executor.limit.cores": "3", "spark.executor.memory": "4g", "spark.executor.memoryOverhead": "1g",
            "spark.kubernetes.authenticate.executor.serviceAccountName": "exec-sa", "spark.executor.extraJavaOptions": "-Da=b",
            "spark.kubernetes.executor.deleteOnTermination": "false",
            "spark.kubernetes.executor.label.el": "1", "spark.kubernetes.executor.label.app-label": "v",
            "spark.kubernetes.executor.annotation.ea": "1", "spark.kubernetes.executor.secretKeyRef.TOKEN": "t:k",
            "spark.executorEnv.EE": "1", "spark.kubernetes.executor.secrets.hdt": "/mnt/hdt",
            "spark.executorEnv.HADOOP_TOKEN_FILE_LOCATION": "/mnt/hdt/hadoop.token",
            "spark.kubernetes.executor.container.image": "executor:1",
            "spark.kubernetes.node.selector.zone": "a",
            "spark.dynamicAllocation.enabled": "true", "spark.dynamicAllocation.initialExecutors": "1",
            "spark.dynamicAllocation.minExecutors": "1", "spark.dynamicAllocation.maxExecutors": "9",
            "spark.dynamicAllocation.shuffleTracking.enabled": "true", "spark.dynamicAllocation.shuffleTracking.timeout": "60000",
        ]
        for (key, value) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(p[key] == value, "\(key)")
        }
        #expect(p.keys.filter { $0.contains("kueue") } == [])
    }

    @Test func localDirVolumeKeys() throws {
        let p = try Self.properties {
            $0.volumes = [
                ["name": "spark-local-dir-1", "emptyDir": ["medium": "Memory", "sizeLimit": "1024Mi"]],
                ["name": "spark-local-dir-2", "hostPath": ["path": "/mnt/ssd", "type": "Directory"]],
                ["name": "spark-local-dir-3", "nfs": ["path": "/export", "server": "nfs.local", "readOnly": true]],
                ["name": "spark-local-dir-4", "persistentVolumeClaim": ["claimName": "scratch", "readOnly": true]],
            ]
            $0.driver.volumeMounts = [["name": "spark-local-dir-1", "mountPath": "/tmp/a", "subPath": "s", "readOnly": true]]
            $0.executor.volumeMounts = [
                ["name": "spark-local-dir-2", "mountPath": "/tmp/b"], ["name": "spark-local-dir-3", "mountPath": "/tmp/c"],
                ["name": "spark-local-dir-4", "mountPath": "/tmp/d"],
            ]
        }
        let volumes = p.filter { $0.key.contains(".volumes.") }
        #expect(volumes == [
            "spark.kubernetes.driver.volumes.emptyDir.spark-local-dir-1.mount.path": "/tmp/a",
            "spark.kubernetes.driver.volumes.emptyDir.spark-local-dir-1.mount.subPath": "s",
            "spark.kubernetes.driver.volumes.emptyDir.spark-local-dir-1.mount.readOnly": "true",
            "spark.kubernetes.driver.volumes.emptyDir.spark-local-dir-1.options.sizeLimit": "1Gi",
            "spark.kubernetes.driver.volumes.emptyDir.spark-local-dir-1.options.medium": "Memory",
            "spark.kubernetes.executor.volumes.hostPath.spark-local-dir-2.mount.path": "/tmp/b",
            "spark.kubernetes.executor.volumes.hostPath.spark-local-dir-2.options.path": "/mnt/ssd",
            "spark.kubernetes.executor.volumes.hostPath.spark-local-dir-2.options.type": "Directory",
            "spark.kubernetes.executor.volumes.nfs.spark-local-dir-3.mount.path": "/tmp/c",
            "spark.kubernetes.executor.volumes.nfs.spark-local-dir-3.options.path": "/export",
            "spark.kubernetes.executor.volumes.nfs.spark-local-dir-3.options.server": "nfs.local",
            "spark.kubernetes.executor.volumes.nfs.spark-local-dir-3.options.readOnly": "true",
            "spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-4.mount.path": "/tmp/d",
            "spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-4.options.claimName": "scratch",
            "spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-4.options.readOnly": "true",
        ])
    }

    @Test func javaDoubleToString() throws {
        #expect(try Self.properties { $0.memoryOverheadFactor = "0.20" }["spark.kubernetes.memoryOverheadFactor"] == "0.2")
        #expect(try Self.properties { $0.memoryOverheadFactor = "1" }["spark.kubernetes.memoryOverheadFactor"] == "1.0")
        #expect(try Self.properties { $0.memoryOverheadFactor = "0.0001" }["spark.kubernetes.memoryOverheadFactor"] == "1.0E-4")
        #expect(try Self.properties { $0.memoryOverheadFactor = "0" }["spark.kubernetes.memoryOverheadFactor"] == "0.0")
    }
}
