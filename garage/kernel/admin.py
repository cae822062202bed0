from django.contrib import admin, messages
from django.utils.html import format_html

from . import causality, relay
from .models import ApiToken, Delivery, IdempotentRequest, InboxEntry, OutboxEvent


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
    """An event, its deliveries, and the action it belongs to: the events it
    caused (recursively), and every event of the same correlation id."""

    list_display = ["id", "event_type", "source", "occurred_at", "event_id"]
    list_filter = ["event_type", "source"]
    search_fields = ["event_id", "correlation_id", "causation_id"]
    date_hierarchy = "occurred_at"
    inlines = [DeliveryInline]
    readonly_fields = ["caused_events", "action_events"]

    @admin.display(description="Events it caused")
    def caused_events(self, obj: OutboxEvent):
        _roots, nodes, _cut = _action(obj)
        node = nodes.get(str(obj.event_id))
        return causality.render(node.children if node else [], obj)

    @admin.display(description="Events of the same action (correlation id)")
    def action_events(self, obj: OutboxEvent):
        roots, _nodes, cut = _action(obj)
        more = f" (the first {causality.LIMIT} only)" if cut else ""
        return format_html("{}{}", causality.render(roots, obj), more)


def _action(event: OutboxEvent):
    """``causality.action_of``, once per page."""
    if not hasattr(event, "_action"):
        event._action = causality.action_of(event)
    return event._action


@admin.action(
    description="Replay the selected dead-lettered deliveries", permissions=["change"]
)
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
        # The replay action needs kernel.change_delivery; no row is ever edited.
        return obj is None and admin.ModelAdmin.has_change_permission(self, request)


@admin.register(InboxEntry)
class InboxEntryAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "subscriber", "handled_at"]
    list_filter = ["subscriber"]
    search_fields = ["event_id"]


@admin.register(IdempotentRequest)
class IdempotentRequestAdmin(ReadOnlyAdmin):
    """The first answers kept for a form sent twice or an API retry with its
    ``Idempotency-Key``, for ``IDEMPOTENCY_KEY_HOURS``."""

    list_display = ["created_at", "user", "scope", "key", "status"]
    list_filter = ["scope", "status"]
    search_fields = ["key", "user__username"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Issue a token by adding one for a user (its key is shown once, then only
    its hash is kept); revoke it by deleting it."""

    list_display = ["id", "user", "created_at"]
    list_filter = ["user"]
    fields = ["user"]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "created_at"] if obj else []

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change) -> None:
        key = ApiToken.new_key()
        obj.key_hash = ApiToken.hash(key)
        super().save_model(request, obj, form, change)
        self.message_user(
            request,
            f"The API token of {obj.user} is {key} . Copy it now: it is not "
            "shown again.",
            messages.WARNING,
        )
