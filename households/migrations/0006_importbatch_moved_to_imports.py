# ImportBatch now belongs to the imports app (imports/0001 takes over its state); the
# table households_importbatch and its rows are left as they are.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("households", "0005_household_code_not_a_page")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="ImportBatch")]),
    ]
