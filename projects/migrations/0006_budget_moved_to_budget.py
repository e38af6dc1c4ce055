# The money models now belong to the budget app (budget/0001 takes over their state);
# the tables projects_allocation, _adjustment, _disbursement, _settlement stay as they are.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("projects", "0005_assignment_role_labels")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Settlement"),
                migrations.DeleteModel(name="Disbursement"),
                migrations.DeleteModel(name="Adjustment"),
                migrations.DeleteModel(name="Allocation"),
            ]
        ),
    ]
