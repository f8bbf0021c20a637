from django import template

from ..scoring import number

register = template.Library()
register.filter("points", number)
