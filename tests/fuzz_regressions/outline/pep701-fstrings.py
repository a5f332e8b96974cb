a = f"{d["k"]} and {f"{x!r:>{w}}"}"
b = f'{{literal}} {e['#']}'
c = f"""{
  g("\"\"\"")
}"""
def after(): pass
d = f"{x
