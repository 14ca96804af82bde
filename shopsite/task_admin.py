"""The task queue in the back office: what waits, what runs, what failed and why, with
*Retry* for failed tasks. Read-only for whoever may only view (agents); nobody adds or edits
a task here. Arguments that are secrets (``sealed_*``) are never shown, not even sealed."""
import json

import django_tasks_db.admin  # noqa: F401  (registers the backend's admin, unregistered below)
from django.contrib import admin, messages
from django.utils.html import format_html
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from shopsite.background import requeue

admin.site.unregister(DBTaskResult)  # the backend's own admin, replaced by this one


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"
    STATES = {"waiting": TaskResultStatus.READY, "running": TaskResultStatus.RUNNING,
              "failed": TaskResultStatus.FAILED, "done": TaskResultStatus.SUCCESSFUL}

    def lookups(self, request, model_admin):
        return [(name, name.capitalize()) for name in self.STATES]

    def queryset(self, request, queryset):
        status = self.STATES.get(self.value())
        return queryset.filter(status=status) if status else queryset


@admin.register(DBTaskResult)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["task_name", "status", "attempt", "enqueued_at", "due", "finished_at", "outcome"]
    list_filter = [StateFilter, "queue_name"]
    ordering = ["-enqueued_at"]
    date_hierarchy = "enqueued_at"
    actions = ["retry"]
    fields = ["task_name", "status", "attempt", "arguments", "queue_name", "priority", "enqueued_at", "due",
              "started_at", "finished_at", "worker_ids", "outcome", "error"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)  # the action, never a form

    @admin.display(description="attempt")
    def attempt(self, task):
        return task.args_kwargs.get("kwargs", {}).get("attempt", 1)

    @admin.display(description="due", ordering="run_after")
    def due(self, task):
        return "now" if task.run_after == get_date_max() else task.run_after

    @admin.display(description="arguments")
    def arguments(self, task):
        kwargs = {name: "(secret)" if name.startswith("sealed_") else value
                  for name, value in task.args_kwargs.get("kwargs", {}).items()}
        return json.dumps({"args": task.args_kwargs.get("args", []), "kwargs": kwargs}, indent=1)

    @admin.display(description="outcome")
    def outcome(self, task):
        if task.status == TaskResultStatus.FAILED:
            return task.exception_class_path.rpartition(".")[2]
        return task.return_value if task.return_value is not None else "-"

    @admin.display(description="error")
    def error(self, task):
        return format_html("<pre>{}</pre>", task.traceback) if task.traceback else "-"

    @admin.action(description="Retry the selected failed tasks", permissions=["change"])
    def retry(self, request, queryset):
        queued = requeue(queryset.filter(status=TaskResultStatus.FAILED).values_list("pk", flat=True))
        skipped = queryset.count() - queued
        self.message_user(request, f"{queued} task(s) queued again." + (
            f" {skipped} not failed (or no longer known), left as they are." if skipped else ""),
            messages.SUCCESS if queued else messages.WARNING)
