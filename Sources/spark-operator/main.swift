print("spark-operator: not yet")
