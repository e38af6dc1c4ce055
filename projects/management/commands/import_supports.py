from imports.command import ImportCommand


class Command(ImportCommand):
    help = "Check an .xlsx or .csv file of supports and, with --commit, import it in one transaction."
    kind = "supports"
