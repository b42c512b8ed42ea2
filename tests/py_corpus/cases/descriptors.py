# property (with a setter, read-only, through super()), staticmethod and
# classmethod (also on a coroutine), read through instances and classes.
import asyncio


class Account:
    count = 0

    def __init__(self, owner, balance=0):
        self.owner = owner
        self._balance = balance
        Account.count += 1

    @property
    def balance(self):
        print("reading", self.owner)
        return self._balance

    @balance.setter
    def balance(self, value):
        if value < 0:
            raise ValueError("negative balance")
        self._balance = value

    @property
    def label(self):
        return self.owner.upper()

    @staticmethod
    def fee(amount):
        return amount // 100

    @classmethod
    def opened(cls):
        return cls.__name__ + ": " + str(cls.count)

    @classmethod
    async def open_later(cls, owner, delay):
        await asyncio.sleep(delay)
        return cls(owner)


class Savings(Account):
    @property
    def balance(self):
        return super().balance * 2


async def main():
    a = Account("ann", 50)
    print(a.balance)
    a.balance = 70
    print(a.balance)
    try:
        a.balance = -1
    except ValueError as e:
        print("ValueError", e)
    try:
        a.label = "x"
    except AttributeError as e:
        print("AttributeError", e)
    print(Account.fee(250), a.fee(999))
    print(Account.opened(), a.opened())
    b = await Account.open_later("bob", 0.5)
    print(b.owner, Account.count, Savings.opened())
    s = Savings("sue", 10)
    print(s.balance)
    print(type(Account.balance).__name__, Account.label.fget(a))


asyncio.run(main())
