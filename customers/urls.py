"""URL patterns of the customers resource under /dw/shop/v16_4/."""

api_patterns = []
