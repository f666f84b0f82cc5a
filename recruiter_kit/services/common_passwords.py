"""Passwords seen most often in leaked lists (those of eight characters or more), refused
for accounts whatever their length: guessing tools try them first."""

_LIST = """
    12345678 123456789 1234567890 0123456789 87654321 11111111 00000000 12341234 123123123
    11223344 12344321 1q2w3e4r 1q2w3e4r5t 1qaz2wsx qwertyui qwertyuiop qwerty123 qwerty12
    asdfghjk asdfghjkl zxcvbnm1 zxcvbnm123 q1w2e3r4 a1b2c3d4 password password1 password12
    password123 password! passw0rd p@ssw0rd p@ssword passwort motdepasse contrasena iloveyou
    iloveyou1 sunshine sunshine1 princess princess1 football football1 baseball baseball1
    basketball superman batman123 trustno1 welcome1 welcome123 letmein1 letmein123 abc12345
    abcd1234 abcdefgh admin123 administrator changeme changeme1 default1 computer internet
    michael1 jennifer charlie1 whatever starwars dragon123 monkey123 shadow12 master12
    mustang1 liverpool chelsea1 arsenal1 1234qwer qazwsxedc zaq12wsx 987654321 123qweasd
    1q2w3e4r5t6y aaaaaaaa qqqqqqqq 88888888 66666666 99999999 55555555 recruiter recruiter1
    recruiting interview interview1 candidate candidate1 agency123 company1 summer2024
    summer2025 summer2026 winter2025 winter2026 spring2026 autumn2026 december1 november1
    september1 welcome2026 password2026
"""
COMMON_PASSWORDS: frozenset[str] = frozenset(_LIST.split())
