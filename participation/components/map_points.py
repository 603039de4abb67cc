"""Located items as map points: the one shape every component's map layer and map page
send to Leaflet (static/js), whatever the model."""


def map_points(queryset, *, component_path: str | None = None) -> list[dict]:
    """Located rows of ``queryset`` (``latitude``/``longitude`` set): id, title, lat, lng,
    and, given ``component_path`` (the lookup to the row's component id), ``component_id``.
    One query; no model is built."""
    fields = ["id", "title", "latitude", "longitude"]
    if component_path:
        fields.append(component_path)
    rows = queryset.filter(latitude__isnull=False, longitude__isnull=False).values_list(*fields)
    points = []
    for pk, title, lat, lng, *component in rows:
        point = {"id": pk, "title": title, "lat": float(lat), "lng": float(lng)}
        if component_path:
            point["component_id"] = component[0]
        points.append(point)
    return points
