"""The boilerplate labels of each language, as table rows with examples.

A row gives, for one language and one rule of :data:`cleaners.boilerplate.rules.RULES` (whose
zone, ``max_words`` and target field it shares), the labels news sites of that language print
and how a label stands in its line (a *shape*).  :func:`cleaners.boilerplate.rules.rules_for`
adds a language's rows to the English table when an article is in that language
(:mod:`cleaners.language`): English rows apply to every article (English labels are common on
sites in every language, and the English table always applied); a German label never judges an
English article.  ``tests/boilerplate/test_rules.py`` runs every row's ``strip`` and ``keep``
examples, so a new label is one word in a row, a new language a few rows.

The labels are the common wording of news sites in each language ("Mehr zum Thema", "Lire
aussi", "Leggi anche", "Читайте также"...), written from general usage, none a site's own.
A label is a regular-expression fragment, case-insensitive; a space in it matches any run of
whitespace.  Imports nothing of ``cleaners``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# How the label stands in its line ({L}: the row's labels as alternatives).
SHAPES = {
    # the label alone, or the label, a separator and a short text ("Lesen Sie auch: ...")
    "label": r"^[►▶>»›•]*\s*(?:{L})\s*(?:(?:[:|›»>]+|[–—-]\s|\.{3}|…)\s*\S|[:.…!]*$)",
    # the line starts with the phrase ("Folgen Sie uns auf ...")
    "prefix": r"^(?:{L})(?!\w)",
    # the phrase anywhere in the (short) line ("Alle Rechte vorbehalten")
    "anywhere": r"(?<!\w)(?:{L})(?!\w)",
    # a publication/update stamp: the label, then a date within two words ("Stand: 03.05.2026"), not
    # ending like a sentence ("Publié en 2026, le livre a été un succès." is a sentence)
    "stamp": r"^(?:{L})\s*:?\s*(?P<value>(?:[^\W\d]+,?\s+){0,2}\d.{2,60}(?<![.!?]))$",
    # a caption's credit: at the start, after a sentence or in brackets, then a colon (or the label's
    # own full stop: "Fot. ...") and a short name ("... Foto: dpa", "(Bild: Keystone)")
    "credit": r"(?:^|[.!?|]\s+|\()(?:{L})(?:\s*:|(?<=\.))\s*\S[^.!?]{0,80}[.]?\)?$",
}


@dataclass(frozen=True)
class Vocabulary:
    """One row: a language's labels for one rule (see the module docstring)."""

    language: str  # ISO 639-1, as cleaners.language.detect_language gives it
    rule: str  # name of the English rule it extends
    shape: str  # a key of SHAPES
    labels: tuple[str, ...]
    strip: tuple[str, ...]  # lines it must strip
    keep: tuple[str, ...]  # lines it must leave alone

    def pattern(self) -> re.Pattern[str]:
        """The row's compiled pattern (its shape around its labels).

        >>> row = V("de", "inline-promo", "label", ("mehr zum thema",), (), ())
        >>> bool(row.pattern().search("Mehr zum Thema: Rente")), bool(row.pattern().search("Mehr zum Thema Rente"))
        (True, False)
        """
        return re.compile(self.source(), re.IGNORECASE)

    def source(self) -> str:
        """The source of :meth:`pattern` (compiled with ``re.IGNORECASE``).

        >>> V("de", "inline-promo", "label", ("mehr zum thema",), (), ()).source().count("mehr\\s+zum\\s+thema")
        1
        """
        alternatives = "|".join(label.replace(" ", r"\s+") for label in self.labels)
        return SHAPES[self.shape].replace("{L}", alternatives)


V = Vocabulary
PROMO, STAMP, LETTER, SOCIAL = "inline-promo", "dateline-stamp", "newsletter-prompt", "social-prompt"
COMMENTS, CAPTION, RIGHTS, NAV, AD = "comments-prompt", "photo-caption", "copyright", "prev-next-navigation", "advertisement"

VOCABULARY: tuple[Vocabulary, ...] = (
    # ------------------------------------------------------------------ English (always applies)
    V("en", PROMO, "label", ("more on this topic", "further reading", "read", "read the full story", "more stories",
                             "related coverage", "recommended reading"),
      ("More on this topic – Bridge tolls to rise", "Further reading: Ten years of the ferry", "READ: Pier to reopen"),
      ("Read the report in full before you judge it, she said.", "Further reading of the law shows gaps.")),
    # ------------------------------------------------------------------ German
    V("de", PROMO, "label", ("mehr zum thema", "lesen sie auch", "lesen sie mehr", "lesen sie hier", "auch interessant",
                             "ebenfalls interessant", "das könnte sie (?:auch )?interessieren", "weitere artikel",
                             "verwandte artikel", "ähnliche artikel", "mehr dazu", "weiterlesen", "mehr lesen",
                             "zum artikel", "meistgelesen(?:e artikel)?", "passend zum thema", "zum thema", "siehe auch",
                             "lesetipp", "empfehlungen(?: der redaktion)?", "weitere nachrichten", "top-themen"),
      ("Mehr zum Thema – Fährpreise steigen im Mai", "Lesen Sie auch: Die Brücke bleibt gesperrt", "Weiterlesen",
       "Das könnte Sie auch interessieren", "LESEN SIE AUCH » Hafen wird erweitert"),
      ("Mehr zum Thema Hafen sagte der Bürgermeister nichts.", "Lesen Sie auch die Hinweise der Stadt, rät die Polizei.")),
    V("de", STAMP, "stamp", ("aktualisiert(?: am| um)?", "zuletzt aktualisiert(?: am)?", "veröffentlicht(?: am)?",
                             "stand:", "erstellt(?: am)?", "erschienen(?: am)?"),
      ("Aktualisiert am 3. Mai 2026, 14:05 Uhr", "Stand: 03.05.2026 14:05 Uhr", "Veröffentlicht: 03.05.2026"),
      ("Stand 2026 nur noch auf dem Papier.", "Veröffentlicht wurde die Studie 2026.")),
    V("de", LETTER, "anywhere", ("newsletter (?:abonnieren|bestellen)", "(?:zum|für unseren|unseren) (?:\\w+ )?newsletter"
                                 " (?:anmelden|an)", "abonnieren sie (?:jetzt )?unseren (?:\\w+ )?newsletter",
                                 "^jetzt (?:kostenlos )?(?:registrieren|abonnieren)\\W*$"),
      ("Jetzt Newsletter abonnieren", "Melden Sie sich für unseren kostenlosen Newsletter an",
       "Abonnieren Sie unseren Newsletter für die besten Geschichten der Woche"),
      ("Der Newsletter des Ministeriums wurde im Mai eingestellt.",)),
    V("de", SOCIAL, "label", ("teilen", "artikel teilen", "beitrag teilen", "jetzt teilen", "drucken", "artikel drucken",
                              "per e-mail (?:teilen|versenden)", "link kopieren", "artikel merken", "merken"),
      ("Artikel teilen", "Teilen | Drucken", "Link kopieren"),
      ("Teilen Sie die Sorge, fragte der Minister.", "Drucken ließ der Verlag nur 500 Exemplare.")),
    V("de", SOCIAL, "prefix", ("folgen sie uns", "folge uns"),
      ("Folgen Sie uns auf Facebook und Instagram",), ("Folgen hat der Streit für die Fähre keine.",)),
    V("de", COMMENTS, "label", ("kommentare", "\\d+ kommentare?", "kommentar schreiben", "(?:jetzt )?kommentieren",
                                "diskutieren sie mit", "zu den kommentaren", "(?:alle )?kommentare anzeigen",
                                "leserkommentare", "die kommentarfunktion (?:ist|wurde) (?:\\w+ ){0,3}(?:deaktiviert|geschlossen)"),
      ("12 Kommentare", "Kommentar schreiben", "Diskutieren Sie mit!"),
      ("Kommentare von Anwohnern flossen in den Bericht ein.",)),
    V("de", CAPTION, "credit", ("foto", "fotos", "bild", "bilder", "bildquelle", "quelle", "grafik", "fotograf(?:in)?"),
      ("Rettungskräfte am Hafen. Foto: Max Muster/Agentur", "Bild: Keystone", "Die Brücke im Nebel (Foto: Hafenamt)"),
      ("Die Quelle des Flusses liegt in den Bergen, sagte sie.", "Bilder zeigen den Minister beim Verlassen des Gebäudes.")),
    V("de", RIGHTS, "anywhere", ("alle rechte vorbehalten",),
      ("© Hafen Verlag GmbH – alle Rechte vorbehalten",), ("Die Rechte der Mieter wurden 2019 gestärkt.",)),
    V("de", NAV, "label", ("vorheriger artikel", "nächster artikel", "zurück zur übersicht", "zur startseite", "startseite",
                           "zurück", "vorherige seite", "nächste seite"),
      ("Nächster Artikel: Fähre fällt aus", "Zurück zur Übersicht"), ("Zurück in der Heimat war er erleichtert.",)),
    V("de", AD, "label", ("anzeige", "werbung", "gesponsert", "sponsored"),
      ("Anzeige", "WERBUNG"), ("Werbung für Tabak wird verboten.",)),
    # ------------------------------------------------------------------ French
    V("fr", PROMO, "label", ("à lire aussi", "a lire aussi", "lire aussi", "lisez aussi", "à lire également", "lire la suite",
                             "lire plus", "voir aussi", "à voir aussi", "à découvrir aussi", "sur le même sujet",
                             "dans la même rubrique", "(?:les )?(?:articles )?les plus lus", "en savoir plus",
                             "pour aller plus loin", "articles (?:liés|similaires)", "à ne pas manquer",
                             "ne manquez pas", "vous aimerez aussi", "ceci pourrait vous intéresser"),
      ("À lire aussi : Le pont reste fermé", "LIRE AUSSI >> Les tarifs du ferry augmentent", "Lire la suite",
       "Sur le même sujet"),
      ("Lire aussi entre les lignes est un art, dit-elle.", "Voir aussi le rapport complet de la mairie.")),
    V("fr", STAMP, "stamp", ("publié(?: le)?", "mis à jour(?: le)?", "mise à jour(?: le)?", "modifié(?: le)?",
                             "actualisé(?: le)?"),
      ("Publié le 3 mai 2026 à 14h05", "Mis à jour le 03/05/2026 à 14:05"), ("Publié en 2026, le livre a été un succès.",)),
    V("fr", LETTER, "prefix", ("(?:inscrivez-vous|abonnez-vous)(?: gratuitement)? à (?:notre|nos) .{0,30}(?:newsletters?|lettres?)",
                               "recevez (?:notre|nos|gratuitement) .{0,40}(?:newsletter|lettre|actualités)",
                               "abonnez-vous", "je m'abonne", "s'inscrire à la newsletter"),
      ("Inscrivez-vous à notre newsletter quotidienne", "Abonnez-vous pour lire la suite",
       "Recevez gratuitement notre newsletter du matin"),
      ("La newsletter de la mairie a cessé de paraître en mai.",)),
    V("fr", SOCIAL, "label", ("partager", "partager cet article", "partager sur \\w+", "imprimer", "envoyer par (?:e-)?mail",
                              "copier le lien", "sauvegarder"),
      ("Partager cet article", "Partager | Imprimer"), ("Partager les frais reste difficile, dit-il.",)),
    V("fr", SOCIAL, "prefix", ("suivez-nous", "retrouvez-nous sur"),
      ("Suivez-nous sur Facebook",), ("Suivez la route jusqu'au port, dit le panneau.",)),
    V("fr", COMMENTS, "label", ("commentaires", "\\d+ commentaires?", "réagir", "réagissez", "(?:laisser|ajouter) un commentaire",
                                "voir les commentaires", "les commentaires sont fermés"),
      ("12 commentaires", "Réagissez", "Laisser un commentaire"),
      ("Réagir vite a sauvé le ferry, selon le capitaine.",)),
    V("fr", CAPTION, "credit", ("photo", "photos", "crédits? photo", "illustration", "image", "source"),
      ("Les secours sur le port. Photo : Jean Dupont/Agence", "(Crédit photo : Mairie de Brest)"),
      ("La photo a circulé sur les réseaux sociaux mardi soir.",)),
    V("fr", RIGHTS, "anywhere", ("tous droits réservés", "droits réservés"),
      ("© Journal du Port 2026 – Tous droits réservés",), ("Les droits des locataires ont été renforcés en 2019.",)),
    V("fr", NAV, "label", ("article précédent", "article suivant", "retour à l'accueil", "accueil", "page suivante",
                           "page précédente"),
      ("Article suivant : Le ferry reprend", "Retour à l'accueil"), ("Accueil chaleureux pour les marins au port.",)),
    V("fr", AD, "label", ("publicité", "contenu sponsorisé", "sponsorisé", "la suite après (?:cette|la) publicité"),
      ("Publicité", "La suite après cette publicité"), ("La publicité pour le tabac est interdite.",)),
    # ------------------------------------------------------------------ Spanish
    V("es", PROMO, "label", ("leer más", "lee también", "lea también", "leer también", "(?:también )?te puede interesar",
                             "le puede interesar", "puede interesarte", "te recomendamos", "noticias relacionadas",
                             "artículos relacionados", "contenido relacionado", "relacionad[oa]s?", "más información",
                             "lo más (?:leído|visto)", "más noticias", "ver más", "sigue leyendo", "seguir leyendo",
                             "no te pierdas", "mira también", "ver también"),
      ("Leer más: El puente seguirá cerrado", "Lee también – Suben las tarifas del ferri", "Noticias relacionadas"),
      ("Leer más despacio ayuda a entender, dijo la maestra.",)),
    V("es", STAMP, "stamp", ("actualizado(?: el| a las)?", "publicado(?: el)?", "última actualización", "modificado(?: el)?"),
      ("Actualizado el 3 de mayo de 2026, 14:05", "Publicado: 03/05/2026 14:05 h"),
      ("Publicado en 2026, el libro fue un éxito de ventas.",)),
    V("es", LETTER, "prefix", ("suscríbete", "suscríbase", "recibe (?:nuestro|nuestra|el|la) .{0,40}(?:boletín|newsletter)",
                               "apúntate a (?:nuestro|nuestra) .{0,30}(?:boletín|newsletter)"),
      ("Suscríbete a nuestra newsletter diaria", "Recibe nuestro boletín cada mañana"),
      ("El boletín del ayuntamiento dejó de publicarse en mayo.",)),
    V("es", SOCIAL, "label", ("compartir", "compartir en \\w+", "comparte", "compart(?:ir|e) esta noticia", "imprimir",
                              "enviar por (?:correo|e-?mail)", "copiar enlace", "guardar"),
      ("Compartir esta noticia", "Compartir | Imprimir"), ("Compartir coche es cada vez más común, según el estudio.",)),
    V("es", SOCIAL, "prefix", ("síguenos", "sígannos"),
      ("Síguenos en Facebook y Twitter",), ("Sigue la carretera hasta el puerto, dijo el guardia.",)),
    V("es", COMMENTS, "label", ("comentarios", "\\d+ comentarios?", "(?:deja|escribe) (?:un|tu) comentario", "ver comentarios",
                                "comentar", "los comentarios están cerrados"),
      ("12 comentarios", "Deja tu comentario"), ("Comentarios de los vecinos se incluyeron en el informe.",)),
    V("es", CAPTION, "credit", ("foto", "fotos", "fotografía", "imagen", "crédito", "fuente"),
      ("Los bomberos en el puerto. Foto: Ana Ruiz/Agencia", "(Imagen: Ayuntamiento de Vigo)"),
      ("La foto circuló por las redes sociales el martes.",)),
    V("es", RIGHTS, "anywhere", ("todos los derechos reservados", "derechos reservados"),
      ("© 2026 Diario del Puerto. Todos los derechos reservados.",), ("Los derechos de los inquilinos se ampliaron.",)),
    V("es", NAV, "label", ("artículo anterior", "artículo siguiente", "noticia anterior", "siguiente noticia",
                           "volver a la portada", "volver", "portada", "inicio"),
      ("Noticia anterior: El ferri vuelve", "Volver a la portada"), ("Volver a casa fue un alivio para todos.",)),
    V("es", AD, "label", ("publicidad", "contenido patrocinado", "patrocinado", "anuncio"),
      ("Publicidad", "Contenido patrocinado"), ("La publicidad del tabaco está prohibida.",)),
    # ------------------------------------------------------------------ Italian
    V("it", PROMO, "label", ("leggi anche", "leggi pure", "leggi tutto", "leggi di più", "(?:ti )?potrebbe interessarti(?: anche)?",
                             "ti potrebbe interessare", "articoli correlati", "notizie correlate", "correlati",
                             "(?:i |le )?più (?:letti|lette)", "guarda anche", "vedi anche", "approfondisci",
                             "approfondimenti", "da non perdere", "continua a leggere", "altre notizie", "ti consigliamo"),
      ("Leggi anche: Il ponte resta chiuso", "LEGGI ANCHE – Aumentano le tariffe del traghetto", "I più letti"),
      ("Leggi anche le note, ha detto il sindaco ai cittadini.",)),
    V("it", STAMP, "stamp", ("aggiornato(?: il| alle)?", "ultimo aggiornamento", "pubblicato(?: il)?", "modificato(?: il)?"),
      ("Aggiornato il 3 maggio 2026 alle 14:05", "Pubblicato: 03/05/2026"),
      ("Pubblicato nel 2026, il libro è stato un successo.",)),
    V("it", LETTER, "prefix", ("iscriviti(?: alla| alle)? (?:nostra |nostre )?newsletter", "abbonati (?:ora|subito|a)",
                               "ricevi (?:la|le) .{0,30}(?:newsletter|notizie)"),
      ("Iscriviti alla nostra newsletter", "Abbonati ora a tutti i contenuti"),
      ("Abbonati e lettori hanno protestato contro il prezzo.",)),
    V("it", SOCIAL, "label", ("condividi", "condividi su \\w+", "condividi (?:l'|questo )articolo", "stampa", "invia",
                              "copia link", "salva"),
      ("Condividi questo articolo", "Condividi | Stampa"), ("Condividi le spese con i vicini, consiglia l'esperto.",)),
    V("it", SOCIAL, "prefix", ("seguici",),
      ("Seguici su Facebook e Instagram",), ("Seguire la strada fino al porto, disse la guardia.",)),
    V("it", COMMENTS, "label", ("commenti", "\\d+ commenti", "commenta", "(?:lascia|scrivi) un commento", "vedi i commenti",
                                "i commenti sono chiusi"),
      ("12 commenti", "Lascia un commento"), ("Commenti dei residenti sono stati inclusi nel rapporto.",)),
    V("it", CAPTION, "credit", ("foto", "foto di", "immagine", "credit", "fonte"),
      ("I soccorsi al porto. Foto: Mario Rossi/Agenzia", "(Foto: Comune di Genova)"),
      ("La foto è circolata sui social martedì sera.",)),
    V("it", RIGHTS, "anywhere", ("tutti i diritti riservati", "riproduzione riservata"),
      ("© Riproduzione riservata", "Giornale del Porto 2026 – Tutti i diritti riservati"),
      ("I diritti degli inquilini sono stati rafforzati nel 2019.",)),
    V("it", NAV, "label", ("articolo precedente", "articolo successivo", "prossimo articolo", "torna alla home"),
      ("Articolo successivo: Il traghetto riparte", "Torna alla home"), ("Torna il sereno dopo la tempesta di ieri.",)),
    V("it", AD, "label", ("pubblicità", "contenuto sponsorizzato", "sponsorizzato"),
      ("Pubblicità",), ("La pubblicità del tabacco è vietata.",)),
    # ------------------------------------------------------------------ Portuguese
    V("pt", PROMO, "label", ("leia também", "leia mais", "leia ainda", "veja também", "veja mais", "saiba mais",
                             "mais lid[ao]s", "notícias relacionadas", "relacionad[ao]s", "(?:você )?(?:também )?pode gostar",
                             "(?:também )?pode (?:lhe )?interessar", "continue lendo", "continuar a ler", "ler mais",
                             "leia a seguir", "veja a seguir", "recomendados?(?: para você)?", "mais notícias"),
      ("Leia também: A ponte continua fechada", "LEIA MAIS – Sobem as tarifas do ferry", "Saiba mais"),
      ("Leia também o relatório completo, pediu o prefeito.",)),
    V("pt", STAMP, "stamp", ("a(?:c)?tualizado(?: em| às)?", "publicado(?: em| às)?", "última a(?:c)?tualização"),
      ("Atualizado em 3 de maio de 2026 às 14h05", "Publicado: 03/05/2026 14:05"),
      ("Publicado em 2026, o livro foi um sucesso.",)),
    V("pt", LETTER, "prefix", ("assine (?:a |a nossa |nossa )?newsletter", "inscreva-se", "cadastre-se", "subscreva",
                               "receba (?:as|a|nossas?) .{0,40}(?:notícias|newsletter)"),
      ("Inscreva-se na nossa newsletter", "Receba as principais notícias no seu e-mail"),
      ("A newsletter da prefeitura deixou de ser publicada em maio.",)),
    V("pt", SOCIAL, "label", ("compartilhar", "compartilhe", "partilhar", "partilhe", "imprimir", "enviar por e-?mail",
                              "copiar link", "salvar"),
      ("Compartilhe", "Partilhar | Imprimir"), ("Partilhar o carro é cada vez mais comum, diz o estudo.",)),
    V("pt", SOCIAL, "prefix", ("siga-nos",),
      ("Siga-nos no Facebook e no Instagram",), ("Siga a estrada até o porto, disse o guarda.",)),
    V("pt", COMMENTS, "label", ("comentários", "\\d+ comentários?", "deixe (?:seu|o seu|um) comentário", "comente",
                                "comentar", "ver comentários"),
      ("12 comentários", "Deixe seu comentário"), ("Comentários dos moradores foram incluídos no relatório.",)),
    V("pt", CAPTION, "credit", ("foto", "fotos", "imagem", "crédito", "fonte"),
      ("Bombeiros no porto. Foto: Ana Silva/Agência", "(Imagem: Prefeitura de Santos)"),
      ("A foto circulou nas redes sociais na terça-feira.",)),
    V("pt", RIGHTS, "anywhere", ("todos os direitos reservados", "direitos reservados"),
      ("© 2026 Jornal do Porto. Todos os direitos reservados.",), ("Os direitos dos inquilinos foram reforçados.",)),
    V("pt", NAV, "label", ("artigo anterior", "próximo artigo", "próxima notícia", "notícia anterior", "voltar",
                           "página inicial"),
      ("Próxima notícia: O ferry volta", "Página inicial"), ("Voltar para casa foi um alívio para todos.",)),
    V("pt", AD, "label", ("publicidade", "conteúdo patrocinado", "patrocinado", "continua (?:depois|após) (?:da|a) publicidade"),
      ("Publicidade", "Continua após a publicidade"), ("A publicidade do tabaco é proibida.",)),
    # ------------------------------------------------------------------ Dutch
    V("nl", PROMO, "label", ("lees ook", "lees meer", "lees verder", "lees hier", "meer over(?: dit onderwerp)?",
                             "gerelateerde? (?:artikelen|berichten)", "gerelateerd", "meest gelezen", "ook interessant",
                             "bekijk ook", "zie ook", "aanbevolen", "meer nieuws", "lees het hele artikel"),
      ("Lees ook: De brug blijft dicht", "LEES OOK – Veerboot wordt duurder", "Meest gelezen"),
      ("Lees ook de kleine lettertjes, zei de advocaat.",)),
    V("nl", STAMP, "stamp", ("(?:laatst )?bijgewerkt(?: op| om)?", "gepubliceerd(?: op)?", "gewijzigd(?: op)?",
                             "aangepast(?: op)?", "geplaatst(?: op)?"),
      ("Bijgewerkt op 3 mei 2026, 14:05", "Gepubliceerd: 03-05-2026"), ("Gepubliceerd in 2026 werd het boek een succes.",)),
    V("nl", LETTER, "prefix", ("(?:schrijf je in|meld je aan|abonneer je) (?:voor|op) (?:onze|de) .{0,30}nieuwsbrief",
                               "ontvang (?:onze|de) .{0,30}nieuwsbrief", "abonneer je"),
      ("Schrijf je in voor onze dagelijkse nieuwsbrief", "Ontvang de nieuwsbrief elke ochtend in je mailbox"),
      ("De nieuwsbrief van de gemeente verschijnt niet meer.",)),
    V("nl", SOCIAL, "label", ("delen", "deel dit (?:artikel|bericht)", "artikel delen", "printen", "afdrukken", "mailen",
                              "kopieer link", "link kopiëren", "bewaren"),
      ("Deel dit artikel", "Delen | Printen"), ("Deel 2: De terugkeer van de veerboot",)),
    V("nl", SOCIAL, "prefix", ("volg ons",),
      ("Volg ons op Facebook en Instagram",), ("Volgens de burgemeester blijft de brug dicht.",)),
    V("nl", COMMENTS, "label", ("reacties", "\\d+ reacties?", "reageer", "reageren", "plaats een reactie",
                                "laat een reactie achter", "bekijk (?:alle )?reacties"),
      ("12 reacties", "Plaats een reactie"), ("Reacties van bewoners zijn in het rapport opgenomen.",)),
    V("nl", CAPTION, "credit", ("foto", "beeld", "afbeelding", "bron", "fotografie"),
      ("Brandweer in de haven. Foto: Jan de Vries/ANP", "(Beeld: Gemeente Vlissingen)"),
      ("De foto ging dinsdag rond op sociale media.",)),
    V("nl", RIGHTS, "anywhere", ("alle rechten voorbehouden",),
      ("© 2026 Havenkrant – Alle rechten voorbehouden",), ("De rechten van huurders zijn in 2019 versterkt.",)),
    V("nl", NAV, "label", ("vorige? artikel", "volgende? artikel", "terug naar (?:home|overzicht)", "terug"),
      ("Volgend artikel: Veerboot vaart weer", "Terug naar overzicht"), ("Terug thuis was hij opgelucht.",)),
    V("nl", AD, "label", ("advertentie", "gesponsord(?:e inhoud)?", "reclame"),
      ("Advertentie",), ("Reclame voor tabak is verboden.",)),
    # ------------------------------------------------------------------ Polish
    V("pl", PROMO, "label", ("czytaj (?:też|także|również|więcej|dalej)", "przeczytaj (?:też|także|również)",
                             "zobacz (?:też|także|również)", "polecamy", "najczęściej czytane", "najpopularniejsze",
                             "(?:powiązane|podobne) artykuły", "więcej informacji", "może cię (?:też )?zainteresować",
                             "warto przeczytać", "dowiedz się więcej"),
      ("Czytaj też: Most pozostaje zamknięty", "CZYTAJ WIĘCEJ – Promy drożeją", "Polecamy"),
      ("Czytaj też między wierszami, radzi ekspert.",)),
    V("pl", STAMP, "stamp", ("aktualizacja", "zaktualizowano", "opublikowano", "data (?:publikacji|aktualizacji)", "dodano"),
      ("Aktualizacja: 03.05.2026, 14:05", "Opublikowano 3 maja 2026"), ("Opublikowano w 2026 roku nową książkę.",)),
    V("pl", LETTER, "prefix", ("zapisz się (?:do|na) (?:nasz(?:ego|y) )?newslett?era?", "zamów newsletter", "subskrybuj",
                               "otrzymuj .{0,40}(?:newsletter|wiadomości)"),
      ("Zapisz się na newsletter", "Otrzymuj najważniejsze wiadomości na e-mail"),
      ("Newsletter ratusza przestał się ukazywać w maju.",)),
    V("pl", SOCIAL, "label", ("udostępnij", "udostępnij artykuł", "podziel się", "drukuj", "wyślij", "(?:s)?kopiuj link"),
      ("Udostępnij artykuł", "Udostępnij | Drukuj"), ("Podziel się kosztami z sąsiadami, radzi ekspert.",)),
    V("pl", SOCIAL, "prefix", ("obserwuj nas", "śledź nas"),
      ("Obserwuj nas na Facebooku",), ("Obserwuj pogodę przed rejsem, radzą marynarze.",)),
    V("pl", COMMENTS, "label", ("komentarze", "\\d+ komentarz(?:e|y)?", "skomentuj", "(?:dodaj|napisz) komentarz",
                                "zobacz komentarze", "komentarze zostały wyłączone"),
      ("12 komentarzy", "Dodaj komentarz"), ("Komentarze mieszkańców znalazły się w raporcie.",)),
    V("pl", CAPTION, "credit", ("fot\\.", "foto", "zdjęcie", "źródło", "ilustracja"),
      ("Strażacy w porcie. Fot. Jan Kowalski/PAP", "(Zdjęcie: Urząd Miasta)"),
      ("Zdjęcie obiegło media społecznościowe we wtorek.",)),
    V("pl", RIGHTS, "anywhere", ("wszelkie prawa zastrzeżone",),
      ("© 2026 Gazeta Portowa – Wszelkie prawa zastrzeżone",), ("Prawa najemców wzmocniono w 2019 roku.",)),
    V("pl", NAV, "label", ("poprzedni artykuł", "następny artykuł", "strona główna", "wróć", "powrót"),
      ("Następny artykuł: Prom znów pływa", "Strona główna"), ("Powrót do domu był ulgą dla wszystkich.",)),
    V("pl", AD, "label", ("reklama", "(?:artykuł|materiał) sponsorowany", "materiał partnera", "sponsorowane"),
      ("Reklama", "Materiał partnera"), ("Reklama papierosów jest zakazana.",)),
    # ------------------------------------------------------------------ Turkish
    V("tr", PROMO, "label", ("ayrıca okuyun", "ayrıca oku", "bunu da okuyun", "bunları da okuyun", "ilginizi çekebilir",
                             "ilgili haberler", "benzer haberler", "devamını oku", "haberin devamı",
                             "(?:en )?çok okunanlar", "öne çıkanlar", "önerilen haberler", "sıradaki haber"),
      ("Ayrıca okuyun: Köprü kapalı kalacak", "İLGİLİ HABERLER", "Devamını oku"),
      ("Ayrıca okuyun diyen öğretmen kitapları dağıttı.",)),
    V("tr", STAMP, "stamp", ("(?:son )?güncelle(?:me|nme)(?: tarihi)?", "güncellendi", "yayınlan(?:ma|dı)(?: tarihi)?",
                             "yayın tarihi", "giriş(?: tarihi)?:"),
      ("Güncelleme: 03.05.2026 14:05", "Yayınlanma Tarihi: 3 Mayıs 2026"),
      ("Yayınlandı 2026 yılında ve çok satıldı.",)),
    V("tr", LETTER, "prefix", ("(?:e-)?bültenimize (?:abone olun|kaydolun)", "abone ol", "haber bültenine? (?:abone|kaydol)"),
      ("Bültenimize abone olun", "Abone ol"), ("Abonelerin sayısı bu yıl arttı, dedi müdür.",)),
    V("tr", SOCIAL, "label", ("paylaş", "haberi paylaş", "paylaşın", "yazdır", "e-posta ile gönder", "linki kopyala", "kaydet"),
      ("Haberi paylaş", "Paylaş | Yazdır"), ("Paylaşım ekonomisi büyüyor, dedi uzman.",)),
    V("tr", SOCIAL, "prefix", ("bizi (?:[\\w'’]+ )?takip edin", "bizi takip et"),
      ("Bizi Twitter'da takip edin",), ("Bizi bekleyen zorluklar büyük, dedi bakan.",)),
    V("tr", COMMENTS, "label", ("yorumlar", "\\d+ yorum", "yorum (?:yap|yaz)", "yorumunuzu yazın", "yorumları (?:göster|gör)"),
      ("12 yorum", "Yorum yap"), ("Yorumlar raporda yer aldı, dedi belediye.",)),
    V("tr", CAPTION, "credit", ("fotoğraf", "fotoğraflar", "foto", "görsel", "kaynak"),
      ("Limanda itfaiye ekipleri. Fotoğraf: Ali Yılmaz/Ajans", "(Görsel: Belediye)"),
      ("Fotoğraf salı günü sosyal medyada yayıldı.",)),
    V("tr", RIGHTS, "anywhere", ("tüm hakları saklıdır", "her hakkı saklıdır"),
      ("© 2026 Liman Gazetesi – Tüm hakları saklıdır",), ("Kiracıların hakları 2019'da güçlendirildi.",)),
    V("tr", NAV, "label", ("önceki haber", "sonraki haber", "ana\\s*sayfa", "geri dön"),
      ("Sonraki haber: Feribot yeniden sefere başladı", "Ana Sayfa"), ("Geri dönmek herkes için bir rahatlamaydı.",)),
    V("tr", AD, "label", ("reklam", "sponsorlu(?: içerik)?"),
      ("Reklam",), ("Reklam yasağı tütün ürünlerini kapsıyor.",)),
    # ------------------------------------------------------------------ Russian
    V("ru", PROMO, "label", ("читайте (?:также|ещё|еще)", "смотрите также", "(?:ещё |еще )?по теме", "подробнее",
                             "читать (?:далее|полностью|ещё|еще)", "самое читаемое", "популярное",
                             "похожие (?:новости|статьи)", "материалы по теме", "новости по теме", "рекомендуем",
                             "вам (?:также )?может быть интересно", "другие новости", "не пропустите"),
      ("Читайте также: Мост останется закрытым", "ЧИТАЙТЕ ТАКЖЕ – Паромы дорожают", "По теме"),
      ("Читайте также между строк, советует эксперт.",)),
    V("ru", STAMP, "stamp", ("обновлено", "опубликовано", "дата публикации", "изменено", "обновление"),
      ("Обновлено 3 мая 2026, 14:05", "Опубликовано: 03.05.2026 14:05"), ("Опубликовано в 2026 году новое исследование.",)),
    V("ru", LETTER, "prefix", ("подпишитесь на (?:нашу |наш )?(?:рассылку|телеграм|канал|новости)",
                               "подписаться на рассылку"),
      ("Подпишитесь на нашу рассылку", "Подписаться на рассылку"), ("Рассылка мэрии прекратилась в мае.",)),
    V("ru", SOCIAL, "label", ("поделиться", "поделитесь", "распечатать", "печать", "отправить по почте",
                              "скопировать ссылку", "сохранить"),
      ("Поделиться", "Поделиться | Печать"), ("Поделиться расходами с соседями советует эксперт.",)),
    V("ru", SOCIAL, "prefix", ("подписывайтесь на нас", "следите за нами", "мы в соцсетях"),
      ("Подписывайтесь на нас в Telegram",), ("Следите за погодой перед рейсом, советуют моряки.",)),
    V("ru", COMMENTS, "label", ("комментарии", "\\d+ комментари(?:й|я|ев)", "комментировать", "(?:оставить|написать) комментарий",
                                "показать комментарии", "обсуждение"),
      ("12 комментариев", "Оставить комментарий"), ("Комментарии жителей вошли в доклад.",)),
    V("ru", CAPTION, "credit", ("фото", "фотография", "источник", "иллюстрация", "изображение"),
      ("Пожарные в порту. Фото: Иван Петров/Агентство", "(Фото: пресс-служба мэрии)"),
      ("Фотография разошлась по соцсетям во вторник.",)),
    V("ru", RIGHTS, "anywhere", ("все права защищены", "при (?:полном или частичном )?(?:использовании|копировании) материалов"),
      ("© 2026 Портовая газета. Все права защищены.",), ("Права арендаторов были усилены в 2019 году.",)),
    V("ru", NAV, "label", ("предыдущая (?:статья|новость)", "следующая (?:статья|новость)", "на главную", "главная", "назад"),
      ("Следующая новость: Паром снова ходит", "На главную"), ("Назад дороги нет, заявил министр.",)),
    V("ru", AD, "label", ("реклама", "партн[её]рский материал", "на правах рекламы"),
      ("Реклама", "На правах рекламы"), ("Реклама табака запрещена законом.",)),
)
