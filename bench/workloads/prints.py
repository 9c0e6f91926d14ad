# A print-heavy program: 20,000 calls of print.
for i in range(20_000):
    print("line", i, i * i % 97)
