from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Consent, Person


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "sex", "birth_year", "unit"]
    search_fields = ["search_key"]
    # CCCD, ethnicity and religion are sensitive: the admin list does not show them.
    exclude = ["cccd", "ethnicity", "religion"]


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ["person", "purpose", "given_on", "method", "withdrawn_on"]
