from django.contrib import admin

from casework.accounts.models import ApiToken, Organisation, StaffProfile, Team

admin.site.register(Organisation)
admin.site.register(Team)
admin.site.register(StaffProfile)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["key_hash", "prefix", "created_at", "last_used_at"]
