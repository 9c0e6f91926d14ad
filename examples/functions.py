def add(a, b):
    """Add two numbers.

    >>> add(2, 3)
    """
    return a + b


def fact(n):
    result = 1
    for k in range(2, n + 1):
        result *= k
    return result


def unused(x):
    """
    >>> unused(4)
    """
    return x * 2


def no_example(s):
    return s.upper()


print(add(1, 2))
print(fact(5))
fact(3)
