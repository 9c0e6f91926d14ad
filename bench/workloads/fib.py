# Recursive fib(25): 242,785 calls, each with its own frame.
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


print(fib(25))
