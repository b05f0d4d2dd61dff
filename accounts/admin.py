from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import ApiKey, Invitation, Membership, Team, User

admin.site.register(User, UserAdmin)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "personal_for", "created_at"]
    search_fields = ["name"]
    inlines = [MembershipInline]
    raw_id_fields = ["personal_for"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["team", "invitee", "role", "status", "created_at"]
    list_filter = ["status"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "user", "team", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "hashed_key", "created_at", "last_used_at"]
