print("gen-crds: not yet")
