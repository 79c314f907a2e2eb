from ninja import NinjaAPI

api = NinjaAPI(title="sohoi API", version="1", urls_namespace="api")
