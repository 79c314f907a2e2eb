from django.db import migrations

ITEMS = [
    ("books", "Sổ sách quản lý hội viên, tình nguyện viên đúng quy định"),
    ("fund", "Quỹ nhân đạo có số dư, sổ quỹ ghi chép đầy đủ"),
    ("dues", "Thu, trích nộp hội phí đúng quy định"),
    ("meetings", "Họp Ban Chấp hành, giao ban định kỳ theo Điều lệ"),
    ("resolution", "Có Nghị quyết chuyên đề, kế hoạch xây dựng Hội vững mạnh"),
    ("plan", "Có kế hoạch hoạt động năm"),
    ("reports", "Báo cáo định kỳ đầy đủ, đúng hạn"),
    ("uniform", "Cán bộ Hội có trang phục và huy hiệu Chữ thập đỏ"),
    ("press", "Đặt mua báo chí của Hội"),
]


def add(apps, schema_editor):
    Item = apps.get_model("oversight", "ChecklistItem")
    for i, (code, text) in enumerate(ITEMS):
        Item.objects.get_or_create(code=code, defaults={"text": text, "order": i})


class Migration(migrations.Migration):
    dependencies = [("oversight", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
