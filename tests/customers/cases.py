"""Valid and invalid values for every field rule (SPEC section 3 and more),
shared by the form, handler and API tests. ``INVALID`` marks a rejected value;
any other expectation is the cleaned value that gets stored."""

INVALID = object()

CUSTOMER = {
    "name": "Jan Jansen",
    "address": "Dorpsstraat 1",
    "postal_code": "1234 AB",
    "city": "Amsterdam",
    "telephone_number": "+31 (0)20-1234567",
    "email_address": "jan@example.com",
}

VEHICLE = {"license_number": "12-AB-34", "brand": "Volkswagen", "type": "Golf"}

TEXT_FIELDS = {
    "name": 100,
    "address": 200,
    "city": 100,
}


def _text_cases(field: str, max_length: int) -> list[tuple]:
    return [
        (field, "  Zoë  de  Wit ", "Zoë  de  Wit"),
        (field, "x" * max_length, "x" * max_length),
        (field, "", INVALID),
        (field, "   ", INVALID),
        (field, "\t\n", INVALID),
        (field, "x" * (max_length + 1), INVALID),
        (field, "x" * 100_000, INVALID),
        (field, "Jan\x00", INVALID),
        (field, "two\nlines", INVALID),
    ]


CUSTOMER_CASES = [
    case
    for field, max_length in TEXT_FIELDS.items()
    for case in _text_cases(field, max_length)
] + [
    ("postal_code", "1234 AB", "1234 AB"),
    ("postal_code", "1234ab", "1234 AB"),
    ("postal_code", "  9999   zz ", "9999 ZZ"),
    ("postal_code", "nonsense!!", INVALID),
    ("postal_code", "", INVALID),
    ("postal_code", "0123 AB", INVALID),
    ("postal_code", "123 AB", INVALID),
    ("postal_code", "12345 AB", INVALID),
    ("postal_code", "1234 A", INVALID),
    ("postal_code", "1234 ABC", INVALID),
    ("postal_code", "1234-AB", INVALID),
    ("postal_code", "1234 ÄB", INVALID),
    ("postal_code", "1234 AB\x00", INVALID),
    ("email_address", "jan@example.com", "jan@example.com"),
    (
        "email_address",
        "  j.de-wit+garage@mail.example.nl ",
        "j.de-wit+garage@mail.example.nl",
    ),
    ("email_address", "", INVALID),
    ("email_address", "   ", INVALID),
    ("email_address", "jan", INVALID),
    ("email_address", "jan@", INVALID),
    ("email_address", "@example.com", INVALID),
    ("email_address", "jan@example", INVALID),
    ("email_address", "jan @example.com", INVALID),
    ("email_address", "jan@@example.com", INVALID),
    ("email_address", "x" * 250 + "@example.com", INVALID),
    ("telephone_number", "0612345678", "0612345678"),
    ("telephone_number", "+31 6 1234 5678", "+31 6 1234 5678"),
    ("telephone_number", "(020) 123-4567", "(020) 123-4567"),
    ("telephone_number", "123456", "123456"),
    ("telephone_number", "1" * 20, "1" * 20),
    ("telephone_number", "  0612345678  ", "0612345678"),
    ("telephone_number", "", INVALID),
    ("telephone_number", "12345", INVALID),
    ("telephone_number", "  12345  ", INVALID),
    ("telephone_number", "1" * 21, INVALID),
    ("telephone_number", "06-1234abcd", INVALID),
    ("telephone_number", "06.12.34.56.78", INVALID),
    ("telephone_number", "+31+612345678", INVALID),
    ("telephone_number", "------", INVALID),
    ("telephone_number", "(((  )))", INVALID),
    ("telephone_number", "٠٦١٢٣٤٥٦٧٨", INVALID),
]

VEHICLE_CASES = [
    ("license_number", "12-AB-34", "12-AB-34"),
    ("license_number", "AB-123-C", "AB-123-C"),
    ("license_number", "1-abc-12", "1-ABC-12"),
    ("license_number", "  xy-1-z  ", "XY-1-Z"),
    ("license_number", "123-ABC-999", "123-ABC-999"),
    ("license_number", "1-2-3", "1-2-3"),
    ("license_number", "A-B-C", "A-B-C"),
    ("license_number", "123456", INVALID),
    ("license_number", "ABCD-12-AB", INVALID),
    ("license_number", "A1-22-BB", INVALID),
    ("license_number", "12-AB", INVALID),
    ("license_number", "12-AB-34-56", INVALID),
    ("license_number", "12--34", INVALID),
    ("license_number", "-12-AB-34", INVALID),
    ("license_number", "12_AB_34", INVALID),
    ("license_number", "12 AB 34", "12-AB-34"),
    ("license_number", "12ab34", "12-AB-34"),
    ("license_number", " ab 123 c ", "AB-123-C"),
    ("license_number", "1ABC12", "1-ABC-12"),
    ("license_number", "1234AB", INVALID),
    ("license_number", "AB1", INVALID),
    ("license_number", "12AB34CD", INVALID),
    ("license_number", "12AB-34", INVALID),
    ("license_number", "1234-AB-12", INVALID),
    ("license_number", "12-AB-3C", INVALID),
    ("license_number", "12-ÄB-34", INVALID),
    ("license_number", "١٢-AB-34", INVALID),
    ("license_number", "", INVALID),
    ("license_number", "   ", INVALID),
    ("license_number", "12-AB-34\x00", INVALID),
    ("license_number", "1" * 10_000, INVALID),
    ("brand", "  Volvo ", "Volvo"),
    ("brand", "x" * 50, "x" * 50),
    ("brand", "", INVALID),
    ("brand", "  ", INVALID),
    ("brand", "x" * 51, INVALID),
    ("type", " V70 ", "V70"),
    ("type", "x" * 50, "x" * 50),
    ("type", "", INVALID),
    ("type", "  ", INVALID),
    ("type", "x" * 51, INVALID),
]


def case_id(case: tuple) -> str:
    field, value, expected = case
    shown = repr(value) if len(value) <= 20 else f"{value[:8]!r}..x{len(value)}"
    return f"{field}={shown}-{'invalid' if expected is INVALID else 'valid'}"
