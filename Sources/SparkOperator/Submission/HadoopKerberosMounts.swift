import SparkOperatorAPI

/// What spark-submit 3.5's `HadoopConfDriverFeatureStep` and `KerberosConfDriverFeatureStep`
/// mount into the driver for configuration that names existing Kubernetes objects:
///
/// - `spark.kubernetes.hadoop.configMapName`: volume `hadoop-properties` at `/opt/hadoop/conf`,
///   env `HADOOP_CONF_DIR`.
/// - `spark.kubernetes.kerberos.krb5.configMapName`: volume `krb5-file`, its `krb5.conf` key
///   mounted at `/etc/krb5.conf`.
/// - `spark.kubernetes.kerberos.tokenSecret.name` (+ `.itemKey`, default `hadoop-tokens`): volume
///   `hadoop-secret` at `/mnt/secrets/hadoop-credentials`, env `HADOOP_TOKEN_FILE_LOCATION`.
///
/// What needs the submitter's disk or Kerberos login (`krb5.path`, a keytab that is not
/// `local:`, delegation tokens fetched at submission) is rejected by `SparkSubmitConf`.
enum HadoopKerberosMounts {
    static func apply(to pod: inout PodDraft, conf: SparkConf) {
        if let name = conf["spark.kubernetes.hadoop.configMapName"] {
            pod.addVolume(["name": "hadoop-properties", "configMap": ["name": .string(name)]])
            pod.addMount(["name": "hadoop-properties", "mountPath": "/opt/hadoop/conf"])
            pod.upsertEnv("HADOOP_CONF_DIR", "/opt/hadoop/conf")
        }
        if let name = conf["spark.kubernetes.kerberos.krb5.configMapName"] {
            pod.addVolume(["name": "krb5-file", "configMap": ["name": .string(name)]])
            pod.addMount(["name": "krb5-file", "mountPath": "/etc/krb5.conf", "subPath": "krb5.conf"])
        }
        if let secret = conf["spark.kubernetes.kerberos.tokenSecret.name"] {
            let item = conf["spark.kubernetes.kerberos.tokenSecret.itemKey"] ?? "hadoop-tokens"
            pod.addVolume(["name": "hadoop-secret", "secret": ["secretName": .string(secret)]])
            pod.addMount(["name": "hadoop-secret", "mountPath": "/mnt/secrets/hadoop-credentials"])
            pod.upsertEnv("HADOOP_TOKEN_FILE_LOCATION", "/mnt/secrets/hadoop-credentials/\(item)")
        }
    }
}
