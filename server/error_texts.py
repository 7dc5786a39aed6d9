"""The Chinese of every domain error message, keyed by its English template (as gettext keys
a catalogue by its msgid), and of the words (`Term`) the messages name.

`tests/test_error_texts.py` finds every template the server raises and checks that it is here
with the same fields, so a new message cannot ship in English only.
"""

from __future__ import annotations

TERMS = {
    # states of a ticket, a window, a booking
    "waiting": "等候中", "called": "已呼叫", "serving": "办理中", "done": "已办结",
    "no show": "过号", "transferred": "已转移", "cancelled": "已取消",
    "open": "开放", "paused": "暂停", "closed": "已关闭",
    "booked": "已预约", "checked in": "已签到",
    # what a window or a booking cannot do now
    "be recalled": "重呼", "start": "开始办理", "complete": "办结",
    "be marked a no-show": "标记过号", "be transferred": "转移",
    "moved": "改约", "a ticket": "一个号",
    # what a center takes only while open
    "Tickets": "取号", "Check-ins": "签到",
}

MESSAGES = {
    "This center does not give numbers to phones; please take one at the hall's kiosk.":
        "本中心不提供手机取号，请在大厅的取号机取号。",
    "A code was just sent to this phone; please wait a minute before asking for another.":
        "验证码刚刚发送到此手机，请稍等一分钟再重新获取。",
    "Too many codes were sent to this phone today; please take a number at the hall's kiosk.":
        "今天发往此手机的验证码过多，请在大厅的取号机取号。",
    "This phone has taken {taken} numbers here today, the most a phone may; please take one "
    "at the hall's kiosk.": "此手机今天已在本中心取号 {taken} 个，已达上限；请在大厅的取号机取号。",
    "The code is wrong, used or expired; ask for a new one.":
        "验证码错误、已使用或已过期，请重新获取。",
    "The receiver's address is refused: {why}": "接收地址被拒绝：{why}",
    "Name one or more events a subscriber may hear: {events} (not {unknown}).":
        "请指定订阅者接收的一个或多个事件：{events}（不包括 {unknown}）。",
    "The secret needs at least {count} characters.": "密钥至少需要 {count} 个字符。",
    "There is no webhook {webhook_id}.": "没有 webhook {webhook_id}。",
    "The request body is not valid JSON; send a JSON object.":
        "请求内容不是有效的 JSON，请发送一个 JSON 对象。",
    "A {role} works at one center or more: say which.":
        "{role} 需要在至少一个中心工作：请指明中心。",
    "Only kiosk {kiosk} itself (its device token) prints on its printer.":
        "只有 {kiosk} 号取号机本身（凭其设备令牌）才能用它的打印机打印。",
    "Only admins and managers read the administration's lists.":
        "只有系统管理员和主管可以查看管理列表。",
    "Give the last four digits of the phone number the booking was made with.":
        "请输入预约时所留手机号的后四位。",
    "A network printer listens on port {allowed}, not {port}.":
        "网络打印机应使用端口 {allowed}，而不是 {port}。",
    "The printer host {host!r} is not known on this network.":
        "本网络中找不到打印机主机 {host!r}。",
    "The printer {host} ({address}) is outside the printer networks ({networks}); see "
    "QMS_PRINTER_ALLOWED_NETWORKS.":
        "打印机 {host}（{address}）不在允许的打印机网络（{networks}）内；请见 "
        "QMS_PRINTER_ALLOWED_NETWORKS。",
    "Window {window} has served {number} since; the service shown is no longer the one to rate.":
        "{window} 号窗口此后已办理 {number}，所显示的服务已不是待评价的那一次。",
    "A rating comes from the window's pad: send its device token.":
        "评价须来自窗口的评价器：请带上其设备令牌。",
    "Only a pad of this center rates its windows' services.":
        "只有本中心的评价器可以评价本中心窗口的服务。",
    "The request body is refused: {why}.": "请求内容被拒绝：{why}。",
    "The JSON nests deeper than {depth} levels.": "JSON 嵌套超过 {depth} 层。",
    "The address is refused: {why}.": "地址被拒绝：{why}。",
    "?{name}= is out of range.": "?{name}= 超出范围。",
    "Too many wrong passwords for this account; try again in {wait} s.":
        "该账号密码错误次数过多，请 {wait} 秒后再试。",
    "Only managers may run the simulator.": "只有主管可以运行模拟。",
    "The scenario is refused: {why}": "模拟场景被拒绝：{why}",
    "Ticket {number} is {state}; a follow-up visit continues a finished service.":
        "{number} 号当前{state}；补办只能接续已办结的服务。",
    "Ticket {number} has its follow-up visit already ({taken}).":
        "{number} 号已有补办（{taken}）。",
    "'{name}' must be a date written YYYY-MM-DD, like 2026-11-27; got {value!r}.":
        "“{name}”应为 YYYY-MM-DD 格式的日期（如 2026-11-27），收到的是 {value!r}。",
    "A center needs a name.": "中心需要一个名称。",
    "A department needs a name.": "部门需要一个名称。",
    "A device is one of {choices}, not {kind!r}.": "设备类型应为 {choices} 之一，而不是 {kind!r}。",
    "A device needs a name people recognise it by.": "设备需要一个便于辨认的名称。",
    "A device reports only its own state, with its own token.":
        "设备只能用自己的令牌报告自己的状态。",
    "A follow-up keeps its place only on the day of the first visit.":
        "补办只在首次办理当天保留原排队位置。",
    "A guide file is at most {kb} KB.": "办事指引文件最大 {kb} KB。",
    "A manager creates and changes staff accounts only; ask an admin for a manager or admin "
    "account.": "管理员只能创建和修改窗口人员账号；主管或系统管理员账号请联系系统管理员。",
    "A manager's staff work only at the manager's own centers.":
        "管理员的窗口人员只能在该管理员所管的中心工作。",
    "A number prefix is 1 to 4 capital letters or digits, starting with a letter (like A or "
    "HB); not {prefix!r}.": "号码前缀为 1 到 4 个大写字母或数字，以字母开头（如 A 或 HB），"
                            "而不是 {prefix!r}。",
    "A password has at least 6 characters.": "密码至少 6 个字符。",
    "A password has at least {MIN_PASSWORD} characters.": "密码至少 {MIN_PASSWORD} 个字符。",
    "A print job is one of {choices}, not {kind!r}.":
        "打印任务类型应为 {choices} 之一，而不是 {kind!r}。",
    "A printer is {choices}; not {state!r}.": "打印机状态应为 {choices} 之一，而不是 {state!r}。",
    "A report covers at most {MAX_DAYS} days; choose a shorter period.":
        "报表最多覆盖 {MAX_DAYS} 天，请选择更短的时段。",
    "A role is one of {choices}, not {role!r}.": "角色应为 {choices} 之一，而不是 {role!r}。",
    "A score is 1 (very dissatisfied) to 5 (very satisfied), not {score}.":
        "评分为 1（非常不满意）到 5（非常满意），而不是 {score}。",
    "A ticket given with the guide paper is not a ticket of this center.":
        "随指引单提交的号不是本中心的号。",
    "A window is open, paused or closed, not {state!r}.":
        "窗口状态为开放、暂停或关闭，而不是 {state!r}。",
    "A window is {choices}; not {kind!r}.": "窗口类型应为 {choices} 之一，而不是 {kind!r}。",
    "A window number is from 1 to 999.": "窗口号为 1 到 999。",
    "An express delivery needs its tracking number.": "快递送达需要填写快递单号。",
    "An item needs a name.": "事项需要一个名称。",
    "An item's routing is {choices}, not {routing!r}.":
        "事项的分派方式应为 {choices} 之一，而不是 {routing!r}。",
    "Bookings open {days} days ahead here; choose a day up to {last:%Y-%m-%d}.":
        "本中心可提前 {days} 天预约，请选择 {last:%Y-%m-%d} 及以前的日期。",
    "Center {center_id} has a device named {name!r} already.":
        "中心 {center_id} 已有名为 {name!r} 的设备。",
    "Center {center_id} has a window {number} already.": "中心 {center_id} 已有 {number} 号窗口。",
    "Center {center} does not serve items {items}.": "中心 {center} 不办理事项 {items}。",
    "Centers {missing} do not exist.": "中心 {missing} 不存在。",
    "Device {device_id} is a {kind}; only kiosks print.":
        "设备 {device_id} 是 {kind}，只有取号机能打印。",
    "Expected minutes are between 1 and 480.": "预计办理时长为 1 到 480 分钟。",
    "Field {field!r} is in two slot rules.": "领域 {field!r} 出现在两条时段规则中。",
    "Give a phone number of 7 to 20 digits.": "请填写 7 到 20 位数字的电话号码。",
    "Give the evening reminder as HH:MM, e.g. 18:00, or an empty text for none.":
        "晚间提醒时间请写成 HH:MM（如 18:00），不提醒则留空。",
    "Give the slot's start with its UTC offset, e.g. +08:00.":
        "时段开始时间请带上 UTC 时差，如 +08:00。",
    "Item {item} is in two slot rules ({first!r} and {second!r}).":
        "事项 {item} 出现在两条时段规则中（{first!r} 和 {second!r}）。",
    "Item {item} is not served at center {center}.": "中心 {center} 不办理事项 {item}。",
    "Items {items} are not in the catalogue.": "事项 {items} 不在事项目录中。",
    "No booking has this code. Please check it and try again.":
        "没有这个预约码的预约。请核对后重试。",
    "No guide paper has this code. Please check the link.": "没有这个编码的指引单。请核对链接。",
    "No item of field {field!r} is served at this center.":
        "本中心不办理领域 {field!r} 的任何事项。",
    "No open window serves {item}; open one or choose another.":
        "没有开放的窗口办理{item}；请开放一个窗口或选择其他事项。",
    "No ticket has this code. Please check the link or ask at the desk.":
        "没有这个编码的号。请核对链接或到咨询台询问。",
    "No window at {center} serves {item} right now; please ask at the information desk.":
        "{center}目前没有窗口办理{item}；请到咨询台询问。",
    "Only a manager of this center may change which items a window serves.":
        "只有本中心的管理员可以更改窗口办理的事项。",
    "Only a manager of this center may do this.": "只有本中心的管理员可以这样做。",
    "Only a manager of this center may put a no-show back in the line.":
        "只有本中心的管理员可以把过号重新排入队列。",
    "Only admins and managers manage accounts.": "只有系统管理员和管理员可以管理账号。",
    "Only an admin may {what}: it concerns the whole city.":
        "只有系统管理员可以{what}：这涉及全市。",
    "Only an admin or a manager of center {center_id} may change it.":
        "只有系统管理员或中心 {center_id} 的管理员可以修改。",
    "Only an admin or a manager of center {center} registers its devices.":
        "只有系统管理员或中心 {center} 的管理员可以登记其设备。",
    "Only an admin or a manager of center {center} revokes its devices.":
        "只有系统管理员或中心 {center} 的管理员可以注销其设备。",
    "Only managers and admins read the audit trail.": "只有管理员和系统管理员可以查看审计记录。",
    "Only managers and admins see the city's centers.":
        "只有管理员和系统管理员可以查看全市的中心。",
    "Only the kiosk itself (its device token) or a manager of its center may handle its print "
    "jobs.": "只有取号机本身（凭设备令牌）或其中心的管理员可以处理它的打印任务。",
    "Open window {window} first: nobody holds it.": "请先开放 {window} 号窗口：目前无人值守。",
    'Opening hours map weekdays to a span: {{"mon": ["08:30", "17:00"]}}.':
        '营业时间按星期填写时段：{{"mon": ["08:30", "17:00"]}}。',
    "Opening hours: {unknown} are not weekdays; use {choices}.":
        "营业时间：{unknown} 不是星期，请使用 {choices}。",
    "Priority classes are lowercase words like elderly or disabled; not {bad}.":
        "优先类别是小写英文单词，如 elderly 或 disabled，而不是 {bad}。",
    "Related items {missing} do not exist.": "关联事项 {missing} 不存在。",
    "Say which materials are missing and by when they are due.":
        "请写明缺少哪些材料以及补齐期限。",
    "Say why the resident is transferred.": "请写明转移的原因。",
    "Say why the window pauses: break, training or other.":
        "请写明窗口暂停的原因：休息、培训或其他。",
    "Say why this ticket is called out of turn.": "请写明为何不按顺序呼叫这个号。",
    "Send the guide's YAML as the body, or as a form's `file`.":
        "请把办事指引的 YAML 作为请求正文发送，或作为表单的 `file` 字段上传。",
    "Sign in as window staff to act at a window.": "请以窗口人员身份登录后再操作窗口。",
    "Sign in as window staff: a device cannot do this.":
        "请以窗口人员身份登录：设备不能执行此操作。",
    "Sign in first.": "请先登录。",
    "Sign in to open a window.": "请登录后再开放窗口。",
    "Slot rule {rule!r} names no field and no items.":
        "时段规则 {rule!r} 既没有指定领域也没有指定事项。",
    'Special days map dates to a span or null: {{"2026-10-01": null}}.':
        '特殊日期按日期填写时段或 null：{{"2026-10-01": null}}。',
    "Special days: {day!r} is not a date (YYYY-MM-DD).":
        "特殊日期：{day!r} 不是日期（YYYY-MM-DD）。",
    "The booking is already at this time; choose another slot.":
        "预约已经在这个时间，请选择其他时段。",
    "The center code {code!r} is taken already.": "中心编码 {code!r} 已被使用。",
    "The department code {code!r} is taken already.": "部门编码 {code!r} 已被使用。",
    "The department has an item {name!r} already.": "该部门已有事项 {name!r}。",
    "The department {name!r} exists already.": "部门 {name!r} 已存在。",
    "The earlier ticket of this follow-up visit was not found here.":
        "在本中心找不到这次补办的原号。",
    "The file's id is {id!r}; upload it as guide {id!r}.":
        "文件的 id 是 {id!r}，请作为办事指引 {id!r} 上传。",
    "The guide is not valid UTF-8 YAML: {exc}": "办事指引不是有效的 UTF-8 YAML：{exc}",
    "The guide is not valid: {problem}": "办事指引无效：{problem}",
    "The item code {code!r} is taken already.": "事项编码 {code!r} 已被使用。",
    "The language is zh or en, not {lang!r}.": "语言为 zh 或 en，而不是 {lang!r}。",
    "The number prefix {prefix!r} collides with {other!r} of {user}: {longer}001 could be a "
    "number of either. Choose a prefix that neither starts nor is started by another.":
        "号码前缀 {prefix!r} 与 {user} 的 {other!r} 冲突：{longer}001 可能属于二者中任何一个。"
        "请选择一个与其他前缀互不为开头的前缀。",
    "The outcome is one of {outcomes}, not {kind!r}.":
        "办理结果应为 {outcomes} 之一，而不是 {kind!r}。",
    "The period ends ({last}) before it begins ({first}); give 'from' on or before 'to'.":
        "时段的结束日期（{last}）早于开始日期（{first}）；“from”应不晚于“to”。",
    "The printer address is not valid: {problem}": "打印机地址无效：{problem}",
    "The printer is not set up: {problem}": "打印机未设置好：{problem}",
    "The server prints only to network printers (network:HOST[:PORT]); a USB, serial or file "
    "printer is driven by the kiosk's print agent (qms kiosk-agent).":
        "服务器只向网络打印机（network:HOST[:PORT]）打印；USB、串口或文件打印机由取号机的"
        "打印代理（qms kiosk-agent）驱动。",
    "The service of ticket {ticket} at window {window} is already rated; thank you.":
        "{ticket} 号在 {window} 号窗口的服务已经评价过，谢谢。",
    "The user {username!r} exists already.": "用户 {username!r} 已存在。",
    "The {slot:%H:%M} slot on {slot:%Y-%m-%d} is full; choose another.":
        "{slot:%Y-%m-%d} {slot:%H:%M} 的时段已约满，请选择其他时段。",
    "There is a center named {name!r} already.": "已有名为 {name!r} 的中心。",
    "There is no center {center_id}.": "没有中心 {center_id}。",
    "There is no center {center}.": "没有中心 {center}。",
    "There is no department {department_id}.": "没有部门 {department_id}。",
    "There is no department {department}; add it first (POST /departments).":
        "没有部门 {department}，请先添加（POST /departments）。",
    "There is no device {device_id}.": "没有设备 {device_id}。",
    "There is no guide {guide_id!r}.": "没有办事指引 {guide_id!r}。",
    "There is no guide {guide_id!r}; the guides are: {known}.":
        "没有办事指引 {guide_id!r}；现有的指引是：{known}。",
    "There is no item {item_id}.": "没有事项 {item_id}。",
    "There is no item {item}.": "没有事项 {item}。",
    "There is no kiosk {kiosk_id} at center {center_id}.":
        "中心 {center_id} 没有取号机 {kiosk_id}。",
    "There is no print job {job_id}.": "没有打印任务 {job_id}。",
    "There is no report {name!r}; choose one of {choices}.":
        "没有报表 {name!r}，请选择 {choices} 之一。",
    "There is no ticket {ticket_id}.": "没有号 {ticket_id}。",
    "There is no ticket {ticket} at this center.": "本中心没有号 {ticket}。",
    "There is no user {user_id}.": "没有用户 {user_id}。",
    "There is no window {window_id}.": "没有窗口 {window_id}。",
    "There is no window {window} at this center.": "本中心没有窗口 {window}。",
    "There is no window {window}.": "没有窗口 {window}。",
    "This Idempotency-Key was already used for another item.":
        "这个 Idempotency-Key 已经用于另一个事项。",
    "This booking is already checked in; your ticket was issued.": "这个预约已经签到，号已经发出。",
    "This booking is for {center}, not this center.": "这个预约是{center}的，不是本中心的。",
    "This booking is for {slot:%Y-%m-%d %H:%M}; check in on that day.":
        "这个预约的时间是 {slot:%Y-%m-%d %H:%M}，请在当天签到。",
    "This booking is {state}.": "这个预约{state}。",
    "This booking is {state}; it can no longer be {verb}.": "这个预约{state}，不能再{verb}。",
    "This booking was for {slot:%Y-%m-%d %H:%M} and its time has passed; it can no longer be "
    "changed.": "这个预约的时间是 {slot:%Y-%m-%d %H:%M}，已经过去，不能再更改。",
    "This booking was not checked in within its grace period and has lapsed; please take a "
    "number as a walk-in.": "这个预约未在宽限时间内签到，已经失效；请现场取号。",
    "This phone already holds {cap} booking(s) here on {day:%Y-%m-%d}, the most this center "
    "allows; cancel one or choose another day.":
        "这个手机号在 {day:%Y-%m-%d} 已有 {cap} 个本中心的预约，已达上限；"
        "请取消一个或选择其他日期。",
    "This phone missed {missed} bookings here within {days} days, so it can book again from "
    "{until:%Y-%m-%d}. You can still take a number in the hall.":
        "这个手机号在 {days} 天内有 {missed} 次预约未到，{until:%Y-%m-%d} 起才能再预约。"
        "您仍可以在大厅现场取号。",
    "This slot is over; choose a later one.": "这个时段已经结束，请选择更晚的时段。",
    "This would leave the city without an active admin.": "这样全市将没有可用的系统管理员。",
    "This would leave {count} waiting ticket(s) ({shown}) with no window to call them; serve "
    "them first or keep a window for their item.":
        "这样会让 {count} 个等候中的号（{shown}）没有窗口可以呼叫；"
        "请先办理完，或为其事项保留一个窗口。",

    "Ticket {ticket} is not waiting; it is {state}.": "{ticket} 号不在等候，它{state}。",
    "Ticket {ticket} is {state}; it cannot {verb} now.": "{ticket} 号{state}，现在不能{verb}。",
    "Ticket {ticket} is {state}; only a no-show can be put back in the line.":
        "{ticket} 号{state}；只有过号才能重新排队。",
    "Ticket {ticket} was issued on {day}; a no-show goes back in the line only on the day it "
    "was issued.": "{ticket} 号是 {day} 取的；过号只能在取号当天重新排队。",
    "Transfer to an item or to a window: give exactly one of them.":
        "转移到一个事项或一个窗口：只能选择其中一个。",
    "Transfer to another window than this one.": "请转移到本窗口以外的窗口。",
    "Unknown center among {center_ids}.": "{center_ids} 中有不存在的中心。",
    "Unknown policy settings: {names}.": "未知的预约规则设置：{names}。",
    "Unknown priority {priority!r}; this center knows: {allowed}.":
        "未知的优先类别 {priority!r}；本中心的类别有：{allowed}。",
    "Window {number} is held by a staff member; close it first.":
        "{number} 号窗口有工作人员值守，请先关闭窗口。",
    "Window {window} has completed no service today; there is nothing to rate yet.":
        "{window} 号窗口今天还没有办结的服务，暂时无可评价。",
    "Window {window} has no ticket to {verb}; call the next one.":
        "{window} 号窗口没有可{verb}的号；请呼叫下一位。",
    "Window {window} is already held by another staff member.":
        "{window} 号窗口已由其他工作人员值守。",
    "Window {window} is held by someone else.": "{window} 号窗口由其他人值守。",
    "Window {window} is on ticket {ticket}; finish it before retiring the window.":
        "{window} 号窗口正在办理 {ticket} 号，请办完后再停用窗口。",
    "Window {window} is still on {ticket}; complete it, transfer it or mark it a no-show first.":
        "{window} 号窗口仍在办理 {ticket} 号；请先办结、转移或标记过号。",
    "Window {window} is still serving {ticket}; complete or transfer it before closing.":
        "{window} 号窗口仍在办理 {ticket}；请先办结或转移再关闭窗口。",
    "Window {window} is {state}.": "{window} 号窗口{state}。",
    "Window {window} is {state}; open it to call.": "{window} 号窗口{state}；请开放窗口后再叫号。",
    "Wrong user name or password.": "用户名或密码错误。",
    "You already hold window {window}; close it first.": "您已在值守 {window} 号窗口，请先关闭它。",
    "You cannot switch off or demote your own account; ask another admin.":
        "您不能停用或降级自己的账号；请联系其他系统管理员。",
    "You do not manage center {center_id}.": "您不是中心 {center_id} 的管理员。",
    "You do not work at center {center_id}.": "您不在中心 {center_id} 工作。",
    "You may not work at the windows of center {center}.": "您不能在中心 {center} 的窗口工作。",
    "device {name!r} at {center} is a {kind}, not a {wanted}; revoke it and add a new one.":
        "{center} 的设备 {name!r} 是 {kind}，不是 {wanted}；请注销后重新添加。",
    "device {name!r}: no center {center!r}.": "设备 {name!r}：没有中心 {center!r}。",
    "item {code!r}: no department {department!r}.": "事项 {code!r}：没有部门 {department!r}。",
    "item {code!r}: related items {missing} do not exist.":
        "事项 {code!r}：关联事项 {missing} 不存在。",
    "printer: one of {choices}, not {state!r}.": "printer：应为 {choices} 之一，而不是 {state!r}。",
    "user {username!r}: no centers {missing}.": "用户 {username!r}：没有中心 {missing}。",
    "{center} is closed now ({now:%H:%M}); it is open not at all today. {what} are taken only "
    "during opening hours.":
        "{center}现在（{now:%H:%M}）不开放，今天全天不开放。只在开放时间内{what}。",
    "{center} is closed now ({now:%H:%M}); it is open today from {opens:%H:%M} to "
    "{closes:%H:%M}. {what} are taken only during opening hours.":
        "{center}现在（{now:%H:%M}）不开放，今天的开放时间为 {opens:%H:%M} 至 {closes:%H:%M}。"
        "只在开放时间内{what}。",
    "{key} is a whole number from {low} to {high}.": "{key} 是 {low} 到 {high} 之间的整数。",
    "{problem} Start the guide again.": "{problem} 请重新开始办事指引。",
    "{raw!r} is not a date (YYYY-MM-DD) or an ISO time.":
        "{raw!r} 不是日期（YYYY-MM-DD）或 ISO 时间。",
    "{slot:%Y-%m-%d %H:%M} is not a slot start at this center; list the slots to choose one.":
        "{slot:%Y-%m-%d %H:%M} 不是本中心的时段开始时间；请查看时段列表后选择。",
    "{ticket} was recalled {count} times already; mark it a no-show.":
        "{ticket} 号已经重呼 {count} 次，请标记过号。",
    "{timezone!r} is not a time zone; use a name like Asia/Shanghai.":
        "{timezone!r} 不是时区，请使用 Asia/Shanghai 这样的名称。",
    "{user} holds window {window} of center {center}; close it before moving them.":
        "{user} 正在值守中心 {center} 的 {window} 号窗口；请先关闭窗口再调动。",
    '{what}: give the opening and closing time as ["HH:MM", "HH:MM"], not {raw!r}.':
        '{what}：请以 ["HH:MM", "HH:MM"] 给出开门和关门时间，而不是 {raw!r}。',
    "{what}: it opens at {opens}, so it closes later than that.":
        "{what}：开门时间是 {opens}，关门时间应晚于它。",
    '{what}: one opening span a day (like ["08:30", "17:00"]); a lunch break is not supported '
    'yet.': '{what}：每天一个开放时段（如 ["08:30", "17:00"]）；暂不支持午休。',
    "{where}: expected a mapping, got {row!r}.": "{where}：应为映射，收到的是 {row!r}。",
    "{where}: items are a list of codes, all, field:F or all_but_field:F; not {rule!r}.":
        "{where}：事项应为编码列表、all、field:F 或 all_but_field:F，而不是 {rule!r}。",
    "{where}: no department {department!r}.": "{where}：没有部门 {department!r}。",
    "{where}: no items {missing} in the catalogue.": "{where}：事项目录中没有事项 {missing}。",
    "{where}: unknown key(s) {unknown}; known: {choices}.":
        "{where}：未知的键 {unknown}；已知的键：{choices}。",
}

# The edge's own answers: HTTP statuses, limits, outages and the validators' messages.
EDGE = {
    "Bad Request": "请求无效", "Unauthorized": "未登录", "Forbidden": "无权访问",
    "Not Found": "找不到", "Method Not Allowed": "不支持此方法", "Conflict": "冲突",
    "Unprocessable Entity": "请求内容无效", "Too Many Requests": "请求过于频繁",
    "Internal Server Error": "服务器内部错误",
    "The request body is not valid JSON; send a JSON object.":
        "请求正文不是有效的 JSON，请发送一个 JSON 对象。",
    "Sign in first: send 'Authorization: Bearer <token>'.":
        "请先登录：发送 'Authorization: Bearer <token>'。",
    "Too many requests ({limit}); please wait a little and try again.":
        "请求过于频繁（{limit}），请稍等后再试。",
    "Too many bookings for this phone number in a short time; please try again later.":
        "这个手机号短时间内预约次数过多，请稍后再试。",
    "Too many booking requests from this device; please wait a minute.":
        "这台设备的预约请求过多，请等一分钟。",
    "The service is briefly unavailable ({cause}). Please try again in {retry} seconds; staff "
    "can see the cause on the server.":
        "服务暂时不可用（{cause}）。请 {retry} 秒后再试；工作人员可在服务器上查看原因。",
    "the database cannot be reached": "无法连接数据库",
    "the database is busy": "数据库繁忙",
    "the database cannot be written to": "数据库无法写入",
    "the database's disk is full": "数据库磁盘已满",
    "the database's disk cannot be read or written": "数据库磁盘无法读写",
    "Missing data for required field.": "缺少必填项。",
    "Field may not be null.": "此项不能为空。",
    "Unknown field.": "未知字段。",
    "Not a valid integer.": "不是有效的整数。",
    "Not a valid string.": "不是有效的文字。",
    "Not a valid boolean.": "不是有效的布尔值。",
    "Not a valid datetime.": "不是有效的日期时间。",
    "Not a valid date.": "不是有效的日期。",
    "Not a valid list.": "不是有效的列表。",
    "Not a valid mapping type.": "不是有效的映射。",
    "Invalid input type.": "输入类型无效。",
    "Shorter than minimum length 1.": "不能为空。",
    "Give the slot start as ISO 8601, e.g. 2026-11-30T09:00:00+08:00.":
        "时段开始时间请用 ISO 8601 格式，如 2026-11-30T09:00:00+08:00。",
    "Give the slot start with its timezone offset, e.g. 2026-11-30T09:00:00+08:00.":
        "时段开始时间请带上时区偏移，如 2026-11-30T09:00:00+08:00。",
    "Give the slot start as ISO 8601, e.g. 2026-11-30T09:30:00+08:00.":
        "时段开始时间请用 ISO 8601 格式，如 2026-11-30T09:30:00+08:00。",
    "Give the slot start with its timezone offset, e.g. 2026-11-30T09:30:00+08:00.":
        "时段开始时间请带上时区偏移，如 2026-11-30T09:30:00+08:00。",
}

ZH = {**TERMS, **MESSAGES, **EDGE}
