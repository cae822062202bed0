from django.db import models


class BusinessDay(models.Model):
    """A business day whose ``DayHasPassed`` was published: once, by design.

    The date is the primary key, so two runs that try to pass the same day at
    once collide in the database and only one of them publishes.
    """

    date = models.DateField(primary_key=True)
    passed_at = models.DateTimeField(auto_now_add=True)
    passed_by = models.CharField(max_length=150, help_text="cron, or who passed it")

    class Meta:
        ordering = ["-date"]
        permissions = [("pass_day", "Can pass a business day")]

    def __str__(self) -> str:
        return self.date.isoformat()
