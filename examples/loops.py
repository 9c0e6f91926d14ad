total = 0
for i in range(10):
    total += i
print(total)
squares = [n * n for n in range(4)]
print(squares)
