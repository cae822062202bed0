import pytest
from django.db import IntegrityError, transaction

from apps.workshop.domain import limits

from .conftest import job_row


@pytest.mark.django_db
def test_the_read_model_table_holds_the_domains_field_limits():
    job_row(description="x" * limits.DESCRIPTION_MAX)
    with pytest.raises(IntegrityError), transaction.atomic():
        job_row(description="x" * (limits.DESCRIPTION_MAX + 1))
