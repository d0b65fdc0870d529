/// Objects captured from a real kube-apiserver 1.20.2 by spark-submit 3.5.1
/// (copies of /work/shared/reference/spark-submit/…, embedded so the tests need no resources).
enum Fixtures {
    /// `kubectl get pod -o yaml` of the driver pod (scala/driver-pod.yaml).
    static let driverPodYAML = #"""
apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: "2026-11-25T00:44:37Z"
  labels:
    spark-app-name: spark-pi
    spark-app-selector: spark-990df2a549d5498ab869b9708adeb88b
    spark-role: driver
    spark-version: 3.5.1
  name: spark-pi-74d378a210295e41-driver
  namespace: default
  resourceVersion: "236"
  uid: 711a8351-2bc1-4fd1-a986-cea95990ada3
spec:
  containers:
  - args:
    - driver
    - --properties-file
    - /opt/spark/conf/spark.properties
    - --class
    - org.apache.spark.examples.SparkPi
    - local:///opt/spark/examples/jars/spark-examples_2.12-3.5.1.jar
    - "1000"
    env:
    - name: SPARK_USER
      value: root
    - name: SPARK_APPLICATION_ID
      value: spark-990df2a549d5498ab869b9708adeb88b
    - name: SPARK_DRIVER_BIND_ADDRESS
      valueFrom:
        fieldRef:
          apiVersion: v1
          fieldPath: status.podIP
    - name: SPARK_LOCAL_DIRS
      value: /var/data/spark-1e00e06b-5dc2-42df-a470-70d8be687213
    - name: SPARK_CONF_DIR
      value: /opt/spark/conf
    image: spark:3.5.1
    imagePullPolicy: IfNotPresent
    name: spark-kubernetes-driver
    ports:
    - containerPort: 7078
      name: driver-rpc-port
      protocol: TCP
    - containerPort: 7079
      name: blockmanager
      protocol: TCP
    - containerPort: 4040
      name: spark-ui
      protocol: TCP
    resources:
      limits:
        memory: 1408Mi
      requests:
        cpu: "1"
        memory: 1408Mi
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: File
    volumeMounts:
    - mountPath: /var/data/spark-1e00e06b-5dc2-42df-a470-70d8be687213
      name: spark-local-dir-1
    - mountPath: /opt/spark/conf
      name: spark-conf-volume-driver
  dnsPolicy: ClusterFirst
  enableServiceLinks: true
  preemptionPolicy: PreemptLowerPriority
  priority: 0
  restartPolicy: Never
  schedulerName: default-scheduler
  securityContext: {}
  terminationGracePeriodSeconds: 30
  tolerations:
  - effect: NoExecute
    key: node.kubernetes.io/not-ready
    operator: Exists
    tolerationSeconds: 300
  - effect: NoExecute
    key: node.kubernetes.io/unreachable
    operator: Exists
    tolerationSeconds: 300
  volumes:
  - emptyDir: {}
    name: spark-local-dir-1
  - configMap:
      defaultMode: 420
      items:
      - key: spark.properties
        mode: 420
        path: spark.properties
      name: spark-drv-9b2117a210296137-conf-map
    name: spark-conf-volume-driver
status:
  phase: Pending
  qosClass: Burstable
"""#

    /// An executor pod as JSON with managedFields (spark-submit-executor-pod.json).
    static let executorPodJSON = #"""
{
 "kind": "Pod",
 "apiVersion": "v1",
 "metadata": {
  "name": "pythonpi-6351b4a2103e3ea2-exec-1",
  "namespace": "default",
  "uid": "4d72131a-740f-463c-87ee-ca67e1eda029",
  "resourceVersion": "219",
  "creationTimestamp": "2026-11-25T01:07:25Z",
  "labels": {
   "spark-app-name": "pythonpi",
   "spark-app-selector": "spark-c0230a2d28f54dea92dcb9be2a335398",
   "spark-exec-id": "1",
   "spark-exec-resourceprofile-id": "0",
   "spark-role": "executor",
   "spark-version": "3.5.1"
  },
  "managedFields": [
   {
    "manager": "fabric8-kubernetes-client",
    "operation": "Update",
    "apiVersion": "v1",
    "time": "2026-11-25T01:07:25Z",
    "fieldsType": "FieldsV1",
    "fieldsV1": {
     "f:metadata": {
      "f:labels": {
       ".": {},
       "f:spark-app-name": {},
       "f:spark-app-selector": {},
       "f:spark-exec-id": {},
       "f:spark-exec-resourceprofile-id": {},
       "f:spark-role": {},
       "f:spark-version": {}
      }
     },
     "f:spec": {
      "f:containers": {
       "k:{\"name\":\"spark-kubernetes-executor\"}": {
        ".": {},
        "f:args": {},
        "f:env": {
         ".": {},
         "k:{\"name\":\"SPARK_APPLICATION_ID\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_CONF_DIR\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_DRIVER_URL\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_EXECUTOR_CORES\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_EXECUTOR_ID\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_EXECUTOR_MEMORY\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_EXECUTOR_POD_IP\"}": {
          ".": {},
          "f:name": {},
          "f:valueFrom": {
           ".": {},
           "f:fieldRef": {
            ".": {},
            "f:apiVersion": {},
            "f:fieldPath": {}
           }
          }
         },
         "k:{\"name\":\"SPARK_EXECUTOR_POD_NAME\"}": {
          ".": {},
          "f:name": {},
          "f:valueFrom": {
           ".": {},
           "f:fieldRef": {
            ".": {},
            "f:apiVersion": {},
            "f:fieldPath": {}
           }
          }
         },
         "k:{\"name\":\"SPARK_JAVA_OPT_0\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_JAVA_OPT_1\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_JAVA_OPT_10\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_JAVA_OPT_11\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_JAVA_OPT_12\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_JAVA_OPT_13\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_JAVA_OPT_14\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_JAVA_OPT_15\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_JAVA_OPT_16\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_JAVA_OPT_17\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_JAVA_OPT_18\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_JAVA_OPT_19\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_JAVA_OPT_2\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_JAVA_OPT_20\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_JAVA_OPT_3\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_JAVA_OPT_4\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_JAVA_OPT_5\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_JAVA_OPT_6\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_JAVA_OPT_7\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_JAVA_OPT_8\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_JAVA_OPT_9\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_LOCAL_DIRS\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_RESOURCE_PROFILE_ID\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         },
         "k:{\"name\":\"SPARK_USER\"}": {
          ".": {},
          "f:name": {},
          "f:value": {}
         }
        },
        "f:image": {},
        "f:imagePullPolicy": {},
        "f:name": {},
        "f:resources": {
         ".": {},
         "f:limits": {
          ".": {},
          "f:memory": {}
         },
         "f:requests": {
          ".": {},
          "f:cpu": {},
          "f:memory": {}
         }
        },
        "f:terminationMessagePath": {},
        "f:terminationMessagePolicy": {},
        "f:volumeMounts": {
         ".": {},
         "k:{\"mountPath\":\"/opt/spark/conf\"}": {
          ".": {},
          "f:mountPath": {},
          "f:name": {}
         },
         "k:{\"mountPath\":\"/var/data/spark-f9c3854f-919a-4bf8-b665-d3141efbbcc7\"}": {
          ".": {},
          "f:mountPath": {},
          "f:name": {}
         }
        }
       }
      },
      "f:dnsPolicy": {},
      "f:enableServiceLinks": {},
      "f:hostname": {},
      "f:restartPolicy": {},
      "f:schedulerName": {},
      "f:securityContext": {},
      "f:terminationGracePeriodSeconds": {},
      "f:volumes": {
       ".": {},
       "k:{\"name\":\"spark-conf-volume-exec\"}": {
        ".": {},
        "f:configMap": {
         ".": {},
         "f:defaultMode": {},
         "f:name": {}
        },
        "f:name": {}
       },
       "k:{\"name\":\"spark-local-dir-1\"}": {
        ".": {},
        "f:emptyDir": {},
        "f:name": {}
       }
      }
     }
    }
   }
  ]
 },
 "spec": {
  "volumes": [
   {
    "name": "spark-conf-volume-exec",
    "configMap": {
     "name": "spark-exec-1e92a9a2103e4038-conf-map",
     "defaultMode": 420
    }
   },
   {
    "name": "spark-local-dir-1",
    "emptyDir": {}
   }
  ],
  "containers": [
   {
    "name": "spark-kubernetes-executor",
    "image": "spark:3.5.1",
    "args": [
     "executor"
    ],
    "env": [
     {
      "name": "SPARK_USER",
      "value": "root"
     },
     {
      "name": "SPARK_DRIVER_URL",
      "value": "spark://CoarseGrainedScheduler@127.0.0.1:7078"
     },
     {
      "name": "SPARK_EXECUTOR_CORES",
      "value": "1"
     },
     {
      "name": "SPARK_EXECUTOR_MEMORY",
      "value": "1024m"
     },
     {
      "name": "SPARK_APPLICATION_ID",
      "value": "spark-c0230a2d28f54dea92dcb9be2a335398"
     },
     {
      "name": "SPARK_CONF_DIR",
      "value": "/opt/spark/conf"
     },
     {
      "name": "SPARK_EXECUTOR_ID",
      "value": "1"
     },
     {
      "name": "SPARK_RESOURCE_PROFILE_ID",
      "value": "0"
     },
     {
      "name": "SPARK_JAVA_OPT_0",
      "value": "-Djava.net.preferIPv6Addresses=false"
     },
     {
      "name": "SPARK_JAVA_OPT_20",
      "value": "-Dspark.driver.port=7078"
     },
     {
      "name": "SPARK_JAVA_OPT_6",
      "value": "--add-opens=java.base/java.net=ALL-UNNAMED"
     },
     {
      "name": "SPARK_JAVA_OPT_13",
      "value": "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED"
     },
     {
      "name": "SPARK_JAVA_OPT_4",
      "value": "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED"
     },
     {
      "name": "SPARK_JAVA_OPT_18",
      "value": "-Dspark.driver.blockManager.port=7079"
     },
     {
      "name": "SPARK_JAVA_OPT_1",
      "value": "-XX:+IgnoreUnrecognizedVMOptions"
     },
     {
      "name": "SPARK_JAVA_OPT_10",
      "value": "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED"
     },
     {
      "name": "SPARK_JAVA_OPT_9",
      "value": "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED"
     },
     {
      "name": "SPARK_JAVA_OPT_7",
      "value": "--add-opens=java.base/java.nio=ALL-UNNAMED"
     },
     {
      "name": "SPARK_JAVA_OPT_17",
      "value": "-Djdk.reflect.useDirectMethodHandle=false"
     },
     {
      "name": "SPARK_JAVA_OPT_11",
      "value": "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED"
     },
     {
      "name": "SPARK_JAVA_OPT_2",
      "value": "--add-opens=java.base/java.lang=ALL-UNNAMED"
     },
     {
      "name": "SPARK_JAVA_OPT_16",
      "value": "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED"
     },
     {
      "name": "SPARK_JAVA_OPT_8",
      "value": "--add-opens=java.base/java.util=ALL-UNNAMED"
     },
     {
      "name": "SPARK_JAVA_OPT_12",
      "value": "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
     },
     {
      "name": "SPARK_JAVA_OPT_15",
      "value": "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
     },
     {
      "name": "SPARK_JAVA_OPT_3",
      "value": "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED"
     },
     {
      "name": "SPARK_JAVA_OPT_19",
      "value": "-Dspark.blockManager.port=0"
     },
     {
      "name": "SPARK_JAVA_OPT_14",
      "value": "--add-opens=java.base/sun.security.action=ALL-UNNAMED"
     },
     {
      "name": "SPARK_JAVA_OPT_5",
      "value": "--add-opens=java.base/java.io=ALL-UNNAMED"
     },
     {
      "name": "SPARK_EXECUTOR_POD_IP",
      "valueFrom": {
       "fieldRef": {
        "apiVersion": "v1",
        "fieldPath": "status.podIP"
       }
      }
     },
     {
      "name": "SPARK_EXECUTOR_POD_NAME",
      "valueFrom": {
       "fieldRef": {
        "apiVersion": "v1",
        "fieldPath": "metadata.name"
       }
      }
     },
     {
      "name": "SPARK_LOCAL_DIRS",
      "value": "/var/data/spark-f9c3854f-919a-4bf8-b665-d3141efbbcc7"
     }
    ],
    "resources": {
     "limits": {
      "memory": "1408Mi"
     },
     "requests": {
      "cpu": "1",
      "memory": "1408Mi"
     }
    },
    "volumeMounts": [
     {
      "name": "spark-conf-volume-exec",
      "mountPath": "/opt/spark/conf"
     },
     {
      "name": "spark-local-dir-1",
      "mountPath": "/var/data/spark-f9c3854f-919a-4bf8-b665-d3141efbbcc7"
     }
    ],
    "terminationMessagePath": "/dev/termination-log",
    "terminationMessagePolicy": "File",
    "imagePullPolicy": "IfNotPresent"
   }
  ],
  "restartPolicy": "Never",
  "terminationGracePeriodSeconds": 30,
  "dnsPolicy": "ClusterFirst",
  "securityContext": {},
  "hostname": "pythonpi-6351b4a2103e3ea2-exec-1",
  "schedulerName": "default-scheduler",
  "tolerations": [
   {
    "key": "node.kubernetes.io/not-ready",
    "operator": "Exists",
    "effect": "NoExecute",
    "tolerationSeconds": 300
   },
   {
    "key": "node.kubernetes.io/unreachable",
    "operator": "Exists",
    "effect": "NoExecute",
    "tolerationSeconds": 300
   }
  ],
  "priority": 0,
  "enableServiceLinks": true,
  "preemptionPolicy": "PreemptLowerPriority"
 },
 "status": {
  "phase": "Pending",
  "qosClass": "Burstable"
 }
}
"""#

    /// The driver's ConfigMap (scala/configmap-spark-drv-…-conf-map.yaml).
    static let configMapYAML = #"""
apiVersion: v1
data:
  spark.kubernetes.namespace: default
  spark.properties: |
    #Java properties built from Kubernetes config map with name: spark-drv-9b2117a210296137-conf-map
    #Wed Nov 25 00:44:37 UTC 2026
    spark.driver.port=7078
    spark.master=k8s\://https\://127.0.0.1\:16444
    spark.submit.pyFiles=
    spark.kubernetes.submission.waitAppCompletion=false
    spark.app.name=spark-pi
    spark.kubernetes.resource.type=java
    spark.submit.deployMode=cluster
    spark.driver.host=spark-pi-74d378a210295e41-driver-svc.default.svc
    spark.driver.blockManager.port=7079
    spark.app.id=spark-990df2a549d5498ab869b9708adeb88b
    spark.kubernetes.namespace=default
    spark.app.submitTime=1795567476223
    spark.kubernetes.container.image=spark\:3.5.1
    spark.kubernetes.memoryOverheadFactor=0.1
    spark.kubernetes.authenticate.submission.caCertFile=/path/to/ca.crt
    spark.kubernetes.submitInDriver=true
    spark.kubernetes.authenticate.submission.oauthToken=<present_but_redacted>
    spark.kubernetes.driver.pod.name=spark-pi-74d378a210295e41-driver
    spark.executor.instances=2
    spark.jars=local\:///opt/spark/examples/jars/spark-examples_2.12-3.5.1.jar
immutable: true
kind: ConfigMap
metadata:
  creationTimestamp: "2026-11-25T00:44:37Z"
  name: spark-drv-9b2117a210296137-conf-map
  namespace: default
  ownerReferences:
  - apiVersion: v1
    controller: true
    kind: Pod
    name: spark-pi-74d378a210295e41-driver
    uid: 711a8351-2bc1-4fd1-a986-cea95990ada3
  resourceVersion: "238"
  uid: 76c9b8ae-2d1a-4231-8c4e-86991c0d3692
"""#

    /// The driver's headless Service (scala/service-…-driver-svc.yaml).
    static let serviceYAML = #"""
apiVersion: v1
kind: Service
metadata:
  creationTimestamp: "2026-11-25T00:44:37Z"
  labels:
    spark-app-selector: spark-990df2a549d5498ab869b9708adeb88b
  name: spark-pi-74d378a210295e41-driver-svc
  namespace: default
  ownerReferences:
  - apiVersion: v1
    controller: true
    kind: Pod
    name: spark-pi-74d378a210295e41-driver
    uid: 711a8351-2bc1-4fd1-a986-cea95990ada3
  resourceVersion: "237"
  uid: 8eb7af3a-52fc-47fa-a23c-83055dd97e81
spec:
  clusterIP: None
  clusterIPs:
  - None
  ports:
  - name: driver-rpc-port
    port: 7078
    protocol: TCP
    targetPort: 7078
  - name: blockmanager
    port: 7079
    protocol: TCP
    targetPort: 7079
  - name: spark-ui
    port: 4040
    protocol: TCP
    targetPort: 4040
  selector:
    spark-app-name: spark-pi
    spark-app-selector: spark-990df2a549d5498ab869b9708adeb88b
    spark-role: driver
    spark-version: 3.5.1
  sessionAffinity: None
  type: ClusterIP
status:
  loadBalancer: {}
"""#
}
