"""The default 办事主题: life events of a person and of an enterprise's life cycle,
as provincial 政务服务网 group them (data the office edits afterwards)."""

PERSON_THEMES = (
    "生育收养", "户籍办理", "教育科研", "就业创业", "社会保障", "医疗卫生",
    "住房保障", "婚姻登记", "证件办理", "交通出行", "养老服务", "纳税缴费",
)  # fmt: skip
ORGANISATION_THEMES = (
    "设立变更", "准营准办", "税收财务", "人力资源", "工程建设", "知识产权",
    "交通运输", "年检年审", "注销清算",
)  # fmt: skip
