from django.contrib import admin, messages

from . import relay
from .models import ApiToken, Delivery, InboxEntry, OutboxEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """For audit records, copies of other contexts' news and anything that only
    a command or an event may change: view, never add, edit or delete."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Shows the related rows of a read-only record; set ``fields``."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class DeliveryInline(ReadOnlyInline):
    model = Delivery
    fields = ["consumer", "state", "attempts", "sent_at", "handled_at", "due_at"]


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyAdmin):
    list_display = ["id", "event_type", "source", "occurred_at", "event_id"]
    list_filter = ["event_type", "source"]
    search_fields = ["event_id"]
    date_hierarchy = "occurred_at"
    inlines = [DeliveryInline]


@admin.action(description="Replay the selected dead-lettered deliveries")
def replay_dead_letters(modeladmin, request, queryset):
    sent = relay.replay(queryset)
    modeladmin.message_user(request, f"Replayed {sent} dead-lettered deliveries.")
    if queryset.exclude(state=Delivery.State.DEAD).exists():
        modeladmin.message_user(
            request, "Only dead-lettered deliveries are replayed.", messages.WARNING
        )


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["id", "event", "consumer", "state", "attempts", "sent_at"]
    list_filter = ["state", "consumer", "event__event_type"]
    search_fields = ["event__event_id", "last_error"]
    list_select_related = ["event"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = [replay_dead_letters]

    def has_change_permission(self, request, obj=None):
        # The replay action needs change permission; the form stays read-only.
        return request.user.is_staff and obj is None


@admin.register(InboxEntry)
class InboxEntryAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "subscriber", "handled_at"]
    list_filter = ["subscriber"]
    search_fields = ["event_id"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "created_at"]
    readonly_fields = ["user", "key_hash", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False  # tokens are issued by `manage.py issue_api_token`
