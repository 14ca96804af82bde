"""URL patterns of this app under /dw/shop/v16_4/."""

api_patterns = []
