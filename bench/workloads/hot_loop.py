# A 2,000,000-iteration loop in a function: the tracer must get out of the way of hot code.
def work(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


print(work(2_000_000))
