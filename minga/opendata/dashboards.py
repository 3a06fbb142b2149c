def context() -> dict:
    return {}
