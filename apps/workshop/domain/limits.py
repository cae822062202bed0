"""The workshop's field limits, declared once: commands, forms and the API
take theirs from here."""

from decimal import Decimal

DESCRIPTION_MAX = 1000
LICENSE_NUMBER_MAX = 20  # as typed; the customers context says what is valid
REASON_MAX = 1000
NOTES_MAX = 4000
NAME_MAX = 100  # a mechanic's name, a bay's name
ODOMETER_MAX_KM = 9_999_999
LABOUR_HOURS_MAX = Decimal("999.99")
PART_DESCRIPTION_MAX = 200
QUANTITY_MAX = Decimal("99999.99")
UNIT_PRICE_MAX = Decimal("999999.99")
PARTS_MAX = 50  # lines on one job
DECIMAL_PLACES = 2
