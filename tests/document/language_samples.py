"""Texts written for the language tests: for each language a short headline-like line (5-12
words) and a news paragraph (40+ words).  Plain data; no file of ../shared was copied."""

from __future__ import annotations

SHORT = {
    "en": "Council votes to close the old harbour bridge to lorries",
    "de": "Stadtrat beschließt die Schließung der alten Hafenbrücke für Lastwagen",
    "fr": "Le conseil municipal vote la fermeture du vieux pont aux camions",
    "es": "El ayuntamiento vota cerrar el viejo puente del puerto a los camiones",
    "it": "Il consiglio comunale vota la chiusura del vecchio ponte ai camion",
    "pt": "Câmara municipal vota o encerramento da velha ponte aos camiões",
    "nl": "Gemeenteraad stemt voor sluiting van de oude havenbrug voor vrachtwagens",
    "pl": "Rada miasta głosuje za zamknięciem starego mostu dla ciężarówek",
    "tr": "Belediye meclisi eski liman köprüsünü kamyonlara kapatma kararı aldı",
    "ru": "Городской совет проголосовал за закрытие старого моста для грузовиков",
    "sv": "Kommunfullmäktige röstar för att stänga den gamla hamnbron för lastbilar",
    "zh": "市议会投票决定禁止卡车通行旧港口大桥",
    "ja": "市議会、古い港の橋をトラック通行禁止にすることを決定",
    "ar": "المجلس البلدي يصوت على إغلاق جسر الميناء القديم أمام الشاحنات",
    "el": "Το δημοτικό συμβούλιο ψηφίζει το κλείσιμο της παλιάς γέφυρας για τα φορτηγά",
    "uk": "Міська рада проголосувала за закриття старого мосту для вантажівок",
}

LONG = {
    "en": ("The harbour board approved the new ferry timetable on Tuesday after a long public consultation. "
           "Residents of the two islands had asked for an earlier crossing so that pupils reach school on time, "
           "and the operator said the first sailings would leave the mainland at a quarter past six next month."),
    "de": ("Der Hafenausschuss hat am Dienstag nach einer langen öffentlichen Anhörung den neuen Fahrplan für die "
           "Fähren beschlossen. Die Bewohner der beiden Inseln hatten eine frühere Überfahrt gefordert, damit die "
           "Schüler pünktlich zur Schule kommen, und der Betreiber kündigte an, dass die ersten Fähren im nächsten "
           "Monat um Viertel nach sechs ablegen."),
    "fr": ("Le conseil portuaire a approuvé mardi le nouvel horaire des ferries après une longue consultation "
           "publique. Les habitants des deux îles avaient demandé une traversée plus matinale pour que les élèves "
           "arrivent à l'heure à l'école, et l'exploitant a indiqué que les premiers départs auraient lieu le mois "
           "prochain à six heures et quart."),
    "es": ("La autoridad portuaria aprobó el martes el nuevo horario de los transbordadores tras una larga consulta "
           "pública. Los vecinos de las dos islas habían pedido una travesía más temprana para que los alumnos "
           "lleguen a tiempo al colegio, y la naviera afirmó que las primeras salidas partirán el mes que viene a "
           "las seis y cuarto."),
    "it": ("L'autorità portuale ha approvato martedì il nuovo orario dei traghetti dopo una lunga consultazione "
           "pubblica. Gli abitanti delle due isole avevano chiesto una corsa più mattutina perché gli studenti "
           "arrivino a scuola in orario, e la compagnia ha detto che le prime partenze saranno il mese prossimo "
           "alle sei e un quarto."),
    "pt": ("A administração do porto aprovou na terça-feira o novo horário dos ferries depois de uma longa consulta "
           "pública. Os moradores das duas ilhas tinham pedido uma travessia mais cedo para que os alunos cheguem "
           "a tempo à escola, e a empresa disse que as primeiras partidas serão no próximo mês às seis e um quarto."),
    "nl": ("Het havenbestuur heeft dinsdag na een lange openbare raadpleging de nieuwe dienstregeling van de veerboten "
           "goedgekeurd. De bewoners van de twee eilanden hadden om een vroegere overtocht gevraagd zodat de "
           "leerlingen op tijd op school komen, en de rederij zei dat de eerste boten volgende maand om kwart over "
           "zes vertrekken."),
    "pl": ("Zarząd portu zatwierdził we wtorek nowy rozkład promów po długich konsultacjach społecznych. Mieszkańcy "
           "obu wysp prosili o wcześniejszy rejs, aby uczniowie docierali do szkoły na czas, a przewoźnik "
           "zapowiedział, że pierwsze promy wypłyną w przyszłym miesiącu kwadrans po szóstej."),
    "tr": ("Liman yönetimi salı günü uzun bir kamuoyu danışmasının ardından feribotların yeni sefer tarifesini "
           "onayladı. İki adanın sakinleri, öğrencilerin okula zamanında yetişebilmesi için daha erken bir sefer "
           "istemişti ve işletme ilk seferlerin gelecek ay altıyı çeyrek geçe kalkacağını açıkladı."),
    "ru": ("Администрация порта во вторник после долгого общественного обсуждения утвердила новое расписание "
           "паромов. Жители двух островов просили о более раннем рейсе, чтобы школьники успевали на занятия, и "
           "перевозчик сообщил, что первые паромы отправятся в следующем месяце в четверть седьмого."),
    "sv": ("Hamnstyrelsen godkände på tisdagen den nya tidtabellen för färjorna efter en lång offentlig remiss. "
           "Invånarna på de två öarna hade bett om en tidigare överfart så att eleverna hinner till skolan i tid, "
           "och rederiet sade att de första avgångarna går nästa månad kvart över sex."),
    "zh": ("港口管理局周二在经过长时间的公众咨询后批准了新的渡轮时刻表。两个岛屿的居民曾要求提前开船，"
           "以便学生能够按时到校。运营公司表示，下个月第一班渡轮将于早上六点十五分从大陆出发。"),
    "ja": ("港湾局は火曜日、長い意見公募を経て、フェリーの新しい時刻表を承認した。二つの島の住民は、"
           "生徒が時間どおりに学校に着けるよう、より早い便を求めていた。運航会社によると、来月から始発便は"
           "午前六時十五分に本土を出発する。"),
    "ar": ("وافقت إدارة الميناء يوم الثلاثاء على الجدول الجديد للعبارات بعد مشاورات عامة طويلة. وكان سكان "
           "الجزيرتين قد طلبوا رحلة أبكر حتى يصل التلاميذ إلى المدرسة في الوقت المحدد، وقالت الشركة إن أولى "
           "الرحلات ستغادر البر الرئيسي في الشهر المقبل عند السادسة والربع."),
    "el": ("Η λιμενική αρχή ενέκρινε την Τρίτη το νέο πρόγραμμα των πλοίων μετά από μια μακρά δημόσια διαβούλευση. "
           "Οι κάτοικοι των δύο νησιών είχαν ζητήσει ένα πιο πρωινό δρομολόγιο ώστε οι μαθητές να φτάνουν στην ώρα "
           "τους στο σχολείο, και η εταιρεία ανακοίνωσε ότι τα πρώτα δρομολόγια θα αναχωρούν τον επόμενο μήνα."),
    "uk": ("Адміністрація порту у вівторок після тривалого громадського обговорення затвердила новий розклад "
           "поромів. Мешканці двох островів просили про ранній рейс, щоб школярі встигали на уроки, і перевізник "
           "повідомив, що перші пороми відправлятимуться наступного місяця о чверть на сьому."),
}

# Too little to tell: no guess rather than a wrong one.
UNSURE = ["Bonjour", "The cat", "12:45", "OK", "— · —", "Ja", "Hola"]
