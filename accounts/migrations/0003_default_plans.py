from django.db import migrations

PLANS = [
    # name, requests per minute per key, running jobs per team, credits per month
    ("free", 3, 1, 100),
    ("studio", 60, 3, 2000),
    ("label", 120, 20, 20000),
]


def create_plans(apps, schema_editor):
    Plan = apps.get_model("accounts", "Plan")
    for name, rpm, running, credits in PLANS:
        Plan.objects.get_or_create(
            name=name,
            defaults={
                "requests_per_minute": rpm,
                "max_running_jobs": running,
                "monthly_credits": credits,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_plans_and_usage")]
    operations = [migrations.RunPython(create_plans, migrations.RunPython.noop)]
