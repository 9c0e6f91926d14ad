# A 10,000,000-iteration loop in a function: the tracer must get out of the way of hot code.
def work(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


print(work(10_000_000))
