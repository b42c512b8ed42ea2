# coding: xyz
print("never")
