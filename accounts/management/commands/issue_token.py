from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.services import issue_api_token


class Command(BaseCommand):
    help = "Tạo mã truy cập API mới cho một người dùng và in ra (chỉ hiện một lần)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="ghi chú cho mã, vd. tên máy dùng nó")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Không có người dùng đang hoạt động tên '{username}'.")
        _token, raw = issue_api_token(actor=user, user=user, name=name or "manage.py issue_token")
        self.stdout.write(raw)
