/* tutor.c - following a lesson: presenting steps, checking each input line
 * against the live state, predictions, hints, and resuming where the learner
 * left (progress.c keeps the place). */
#include "tutor.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "cmd.h"
#include "lesson.h"
#include "lessondir.h"
#include "lexer.h"
#include "objtab.h"
#include "out.h"
#include "progress.h"
#include "recap.h"
#include "proc.h"
#include "scratch.h"
#include "session.h"
#include "settings.h"
#include "trace.h"

static struct {
	bool active;
	char *name;
	struct lesson l;
	int step;	/* 0-based */
	int hints;	/* hints shown for this step */
	char predicted[64];	/* the learner's answer to the step's question, or "" */
	bool solution_asked;	/* 'solution' once: the next one shows it */
	unsigned long line_calls;	/* proc_call_seq() when the line began (or replays ended) */
	unsigned long step_calls;	/* the calls of the step are those after this one */
	struct buf typed;	/* the commands typed in this step, as commands_of makes them */
	bool dead_said;		/* a dead end was said since the step began */
	bool done_before;	/* the lesson was done once: played again, it stays done */
} t;

static bool replaying;	/* running solutions: no step checks in between */

static void after_line(bool acted);
static void after_change(void);
static bool take_answer(const char *line, size_t len);
static int start_lesson(const char *name, bool consented);
static void commands_of(const char *line, size_t len, struct buf *out);
static const struct line_observer observer = { take_answer, after_line, after_change };

bool tutor_active(void)
{
	return t.active;
}

void tutor_prompt(char *buf, size_t size)
{
	if (t.active)
		snprintf(buf, size, "[%s %d/%d] ", t.name, t.step + 1, t.l.nsteps);
	else if (size)
		buf[0] = '\0';
}

/* "a, b or c": the answers of S's question. */
static void choices_text(const struct lstep *s, struct buf *b)
{
	for (int i = 0; i < s->nchoices; i++)
		buf_printf(b, "%s%s", i == 0 ? "" : i == s->nchoices - 1 ? " or " : ", ", s->choices[i]);
}

static void present(void)
{
	const struct lstep *s = &t.l.steps[t.step];
	t.hints = 0;
	t.predicted[0] = '\0';
	t.solution_asked = false;
	t.dead_said = false;
	buf_free(&t.typed);
	out_programs_reset();	/* what programs print from now on is this step's */
	/* The step's 'call' checks count from the line that brought it: one
	 * line may do several steps ("popen true r; wait; pclose"). */
	t.step_calls = t.line_calls;
	check_calls_since(t.step_calls);
	out_printf("Step %d of %d: %s", t.step + 1, t.l.nsteps, s->title);
	out_indented(s->text);
	if (s->predict) {
		struct buf q = { 0 };
		buf_printf(&q, "Predict first: %s  (answer ", s->predict);
		choices_text(s, &q);
		buf_addstr(&q, ")");
		out_indented(q.data);
		buf_free(&q);
	}
	out_text("  ('show' shows the C code, 'hint' helps, 'skip' does the step for you)");
}

/* Saves the step reached, unless the lesson was done once: playing it again
 * does not undo that. */
static void save_place(void)
{
	if (!t.done_before)
		progress_save(t.name, t.step, false);
}

static void finish(void)
{
	recap_show();
	out_printf("Lesson '%s' done: all %d steps.  'lesson' lists the others.", t.name, t.l.nsteps);
	progress_save(t.name, 0, true);
	tutor_quit_quietly();
}

static void advance(void)
{
	const struct lstep *s = &t.l.steps[t.step];
	recap_claim(t.step, t.step == t.l.nsteps - 1);
	out_printf("Step %d passed.", t.step + 1);
	if (s->predict && t.predicted[0])
		out_printf(strcmp(t.predicted, s->answer) == 0 ? "  You predicted '%s': right." :
			   "  You predicted '%s'; the answer is '%s'.", t.predicted, s->answer);
	out_indented(s->feedback);
	if (++t.step >= t.l.nsteps) {
		finish();
		return;
	}
	save_place();
	present();
}

/* The first reason the current step does not hold, or NULL (all hold). */
static char *step_failure(void)
{
	const struct lstep *s = &t.l.steps[t.step];
	for (int i = 0; i < s->nchecks; i++) {
		struct buf why = { 0 };
		if (!check_holds(&s->checks[i], &why))
			return buf_take(&why);
		buf_free(&why);
	}
	return NULL;
}

/* The first dead end of the current step that holds (its own, then the
 * lesson's), or NULL. */
static const struct ldeadend *dead_end(void)
{
	const struct lstep *s = &t.l.steps[t.step];
	for (int pass = 0; pass < 2; pass++) {
		const struct ldeadend *v = pass ? t.l.deadends : s->deadends;
		int n = pass ? t.l.ndeadends : s->ndeadends;
		for (int i = 0; i < n; i++) {
			struct buf why = { 0 };
			bool holds = check_holds(&v[i].check, &why);
			buf_free(&why);
			if (holds)
				return &v[i];
		}
	}
	return NULL;
}

/* LEAD, D's sentence on one line, then the way out. */
static void say_dead_end(const char *lead, const struct ldeadend *d)
{
	struct buf b = { 0 };
	for (const char *p = d->because; *p; p++)
		buf_addch(&b, *p == '\n' ? ' ' : *p);
	out_printf("%s%s", lead, b.data);
	out_printf("  'restart' rebuilds step %d on a fresh session, as it was when the step began.", t.step + 1);
	buf_free(&b);
	t.dead_said = true;
}

/* The step does not hold (WHY): a dead end is said once (or whenever SAY),
 * anything else only when SAY. */
static void say_failure(const char *why, bool say)
{
	const struct ldeadend *d = dead_end();
	if (d && (say || !t.dead_said))
		say_dead_end("  (lesson) dead end: ", d);
	else if (!d && say)
		out_printf("  (lesson) not yet: %s; 'hint' helps", why);
}

/* A step with a question passes only once it is answered; SAY: tell so. */
static bool answered(bool say)
{
	const struct lstep *s = &t.l.steps[t.step];
	if (!s->predict || t.predicted[0])
		return true;
	if (say) {
		struct buf b = { 0 };
		choices_text(s, &b);
		out_printf("  (lesson) that does it, once you answer the question: %s", b.data);
		buf_free(&b);
	}
	return false;
}

/* Checks the current step and moves on as far as the state allows; SAY_WHY:
 * if it does not hold, say why. */
static void check_step(bool say_why)
{
	if (!t.active || replaying)
		return;
	char *why = step_failure();
	if (why) {
		say_failure(why, say_why);
		free(why);
		return;
	}
	if (!answered(say_why))
		return;
	/* One line may have done several steps ("pipe new; fork"). */
	out_record_pause(true);	/* the next step's text is not the line's output */
	do
		advance();
	while (t.active && (why = step_failure()) == NULL && answered(true));
	recap_claim_rest(t.active ? t.step - 1 : -1);
	out_record_pause(false);
	free(why);
}

static void after_line(bool acted)
{
	check_step(acted);	/* looking around (ps, fds) is no wrong move */
}

/* Late output, an exit, a wake-up at the prompt: the step may hold now. */
static void after_change(void)
{
	check_step(false);
}

static void run_solution(int step)
{
	const struct lstep *s = &t.l.steps[step];
	replaying = true;
	for (int k = 0; k < s->nsolution; k++) {
		out_printf("> %s", s->solution[k]);
		session_run_line(s->solution[k], strlen(s->solution[k]));
	}
	replaying = false;
	t.line_calls = proc_call_seq();	/* the replayed calls count for no step */
	recap_mark();
}

/* Lessons name processes, fds and objects as a fresh session makes them:
 * p1 alone and idle, numbered from p1, no objects yet.  When the session is
 * not fresh, LOSE says what live things a restart would end ("" if none). */
static bool session_fresh(struct buf *lose)
{
	int objects = 0;
	for (struct object *o = obj_first(); o; o = o->next)
		objects += !o->gone;
	int procs = proc_live_count();
	struct proc *p1 = proc_get(1);
	bool fresh = proc_count() == 1 && p1 && (p1->state == PS_IDLE || p1->starting) && !obj_first();
	if (!fresh && (procs > 1 || objects))
		buf_printf(lose, "%d live process%s and %d object%s", procs, procs == 1 ? "" : "es", objects,
			   objects == 1 ? "" : "s");
	return fresh;
}

/* The lesson's files, and p1 moved next to them (not a learner's move). */
static int setup_files(void)
{
	replaying = true;
	int r = scratch_lesson_files(&t.l);
	replaying = false;
	t.line_calls = proc_call_seq();
	recap_mark();
	return r;
}

/* Loads lesson NAME into L; false, with the first fault reported, when it
 * is missing or broken. */
static bool load_lesson(const char *name, struct lesson *l)
{
	char *path = lesson_path(name);
	if (!path) {
		out_error("no lesson '%s' ('lesson' lists them)", name);
		return false;
	}
	struct buf errors = { 0 };
	int nerrors = lesson_load(path, l, &errors, check_fault);
	if (nerrors) {
		errors.data[strcspn(errors.data, "\n")] = '\0';	/* the first fault is enough here */
		out_error("lesson '%s' is broken: %s%s", name, errors.data,
			  nerrors > 1 ? " (and more: 'ipcsh --check-lesson FILE' lists them all)" : "");
		lesson_free(l);
	}
	buf_free(&errors);
	free(path);
	return nerrors == 0;
}

/* The session for step STEP: a fresh one if RESTART, the lesson's files,
 * the solutions of the steps before it replayed; then the step. */
static int build_session(bool restart, int step)
{
	if (restart && session_restart())
		return -1;
	if (setup_files() < 0)
		return -1;
	if (step == 1)
		out_text("Replaying the solution of step 1 on the fresh session.");
	else if (step > 1)
		out_printf("Replaying the solutions of steps 1 to %d on the fresh session.", step);
	for (int i = 0; i < step; i++)
		run_solution(i);
	t.step = step;
	save_place();
	present();
	return 0;
}

/* A lesson waiting for the learner to agree to end the session (see ask_first). */
static char *pending;

/* Interactively, a session that holds live processes or objects is not
 * ended without asking: the next line answers. */
static void ask_first(const char *name, const char *lose)
{
	free(pending);
	pending = xstrdup(name);
	out_printf("Lesson '%s' starts on a fresh session, with p1 alone; this one has %s, which it "
		   "would end.", name, lose);
	out_text("  Type 'yes' to end them and start the lesson; 'no' (or any command) keeps them.");
	if (!t.active)
		session_observe(&observer);
}

/* The line after ask_first: true when it was the answer. */
static bool take_consent(const char *line, size_t len)
{
	char *name = pending;
	pending = NULL;
	bool yes = (len == 3 && strncasecmp(line, "yes", 3) == 0) || (len == 1 && (*line == 'y' || *line == 'Y'));
	bool no = (len == 2 && strncasecmp(line, "no", 2) == 0) || (len == 1 && (*line == 'n' || *line == 'N'));
	if (!t.active)
		session_observe(NULL);
	if (yes)
		start_lesson(name, true);
	else
		out_printf("  The session is kept; lesson '%s' did not start.", name);
	free(name);
	return yes || no;
}

static int start_lesson(const char *name, bool consented)
{
	struct lesson l;
	if (!load_lesson(name, &l))
		return 1;
	struct buf lose = { 0 };
	bool fresh = session_fresh(&lose);
	if (!fresh && lose.len && settings.interactive && !consented) {
		ask_first(name, lose.data);
		buf_free(&lose);
		lesson_free(&l);
		return 0;
	}
	buf_free(&lose);
	tutor_quit_quietly();
	t.l = l;
	recap_begin(&t.l);
	const char *base = strrchr(name, '/');
	t.name = xstrdup(base ? base + 1 : name);
	char *dot = strstr(t.name, ".lesson");
	if (dot)
		*dot = '\0';
	int saved = progress_load(t.name);
	int step = saved > 0 && saved < l.nsteps ? saved : 0;
	t.done_before = saved < 0;
	out_printf("Lesson: %s", l.title);
	for (int i = 0; i < t.l.nrecipes; i++)
		out_printf("  follows %s", t.l.recipes[i]);
	lesson_warn_missing(&t.l);
	t.active = true;
	session_observe(&observer);
	if (!fresh) {
		out_text("A lesson starts on a fresh session, with p1 alone:");
		if (session_restart())
			return -1;
	}
	if (step == 0)
		out_indented(l.intro);
	else
		out_printf("Resuming at step %d.", step + 1);
	return build_session(false, step);
}

int tutor_start(const char *name)
{
	return start_lesson(name, false);
}

int tutor_rebuild(int step)
{
	return build_session(true, step < 0 ? t.step : step);
}

/* A lone word that is no command, typed while the step's question waits:
 * taken for an answer that is not one of the choices. */
static bool not_an_answer(const struct lstep *s, const char *line, size_t len)
{
	if (!len || len > 63 || memchr(line, ' ', len) || memchr(line, '\t', len) || memchr(line, ';', len))
		return false;
	char word[64];
	snprintf(word, sizeof word, "%.*s", (int)len, line);
	struct word w = { .s = word, .len = len };
	struct lookup lk;
	cmd_lookup(1, &w, &lk);
	if (lk.result != LOOKUP_UNKNOWN || word[0] == '@' || word[0] == '#')
		return false;
	struct buf b = { 0 };
	choices_text(s, &b);
	out_printf("  (lesson) '%s' is not one of the answers: %s", word, b.data);
	buf_free(&b);
	return true;
}

/* Does the answer LINE (LEN bytes) name CHOICE?  Case does not matter, nor
 * a plural ("block" for "blocks", "returns" for "return"), and "y" and "n"
 * are "yes" and "no". */
static bool answer_matches(const char *choice, const char *line, size_t len)
{
	size_t n = strlen(choice);
	if (len == n && strncasecmp(choice, line, len) == 0)
		return true;
	if (len + 1 == n && (choice[n - 1] == 's' || choice[n - 1] == 'S') && strncasecmp(choice, line, len) == 0)
		return true;
	if (len == n + 1 && (line[n] == 's' || line[n] == 'S') && strncasecmp(choice, line, n) == 0)
		return true;
	return len == 1 && n > 1 && strchr("yYnN", *line) && (strcasecmp(choice, "yes") == 0 || strcasecmp(choice, "no") == 0) &&
	       tolower((unsigned char)*line) == tolower((unsigned char)*choice);
}

static bool take_answer(const char *line, size_t len)
{
	if (replaying)
		return false;
	while (len && (*line == ' ' || *line == '\t'))
		line++, len--;
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\n'))
		len--;
	if (pending)
		return take_consent(line, len);
	if (!t.active)
		return false;
	t.line_calls = proc_call_seq();
	const struct lstep *s = &t.l.steps[t.step];
	for (int i = 0; i < s->nchoices; i++) {
		if (!answer_matches(s->choices[i], line, len))
			continue;
		snprintf(t.predicted, sizeof t.predicted, "%s", s->choices[i]);
		char *why = step_failure();
		if (why)
			out_printf("  You predict '%s'.  Now do the step and see.", t.predicted);
		else
			check_step(false);	/* done already: it passes now */
		free(why);
		return true;
	}
	if (s->nchoices && !t.predicted[0] && not_an_answer(s, line, len))
		return true;
	commands_of(line, len, &t.typed);
	return false;
}

const char *tutor_choices(void)
{
	static char text[256];
	text[0] = '\0';
	const struct lstep *s = t.active ? &t.l.steps[t.step] : NULL;
	for (int i = 0; s && !t.predicted[0] && i < s->nchoices; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s", i ? "|" : "", s->choices[i]);
	return text;
}

int tutor_solution(void)
{
	const struct lstep *s = &t.l.steps[t.step];
	if (!t.solution_asked) {
		t.solution_asked = true;
		out_text("  'solution' gives the answer away ('hint' only nudges).  Type 'solution' again to see it.");
		return 0;
	}
	out_printf("The solution to step %d:", t.step + 1);
	for (int k = 0; k < s->nsolution; k++)
		out_printf("  %s", s->solution[k]);
	return 0;
}

/* Appends the commands of LINE (LEN bytes) to OUT, one a line, each with
 * its words joined by a unit separator (so that 'popen uname -a r' is not
 * 'popen "uname -a" r'); OUT starts with a newline, so that each command
 * can be found framed: "\nfork\n". */
static void commands_of(const char *line, size_t len, struct buf *out)
{
	struct lexed lx;
	char err[64];
	if (!out->len)
		buf_addch(out, '\n');
	if (lex_line(line, len, &lx, err, sizeof err) < 0)
		return;
	for (int c = 0; c < lx.ncmds; c++) {
		for (int w = 0; w < lx.cmds[c].n; w++)
			buf_printf(out, "%s%s", w ? "\x1f" : "", lx.cmds[c].w[w].s);
		buf_addch(out, '\n');
	}
	lex_free(&lx);
}

/* Has the learner typed, in this step, every command of its solution? */
static bool solution_typed(void)
{
	const struct lstep *s = &t.l.steps[t.step];
	struct buf want = { 0 };
	for (int i = 0; i < s->nsolution; i++)
		commands_of(s->solution[i], strlen(s->solution[i]), &want);
	bool all = want.len > 1 && t.typed.len;
	for (char *p = want.data + 1; all && *p; p += strcspn(p, "\n") + 1) {
		struct buf one = { 0 };
		buf_printf(&one, "\n%.*s\n", (int)strcspn(p, "\n"), p);
		all = strstr(t.typed.data, one.data) != NULL;
		buf_free(&one);
	}
	buf_free(&want);
	return all;
}

/* A hint from the live state, when the ladder would not help: a dead end,
 * or the step's commands typed already in a session that went another way. */
static bool hint_from_state(void)
{
	char *why = step_failure();
	const struct ldeadend *d = why ? dead_end() : NULL;
	bool said = true;
	if (d) {
		say_dead_end("Hint: this step cannot pass from here: ", d);
	} else if (why && solution_typed()) {
		out_printf("Hint: you typed this step's commands already, yet it is not done: %s.", why);
		out_printf("  Something before them went another way; 'restart' rebuilds step %d on a fresh session, "
			   "as it was when the step began.", t.step + 1);
	} else if (!why && !answered(false)) {
		answered(true);
	} else {
		said = false;
	}
	free(why);
	return said;
}

int tutor_hint(void)
{
	const struct lstep *s = &t.l.steps[t.step];
	if (s->nhints == 0 || hint_from_state())
		return 0;
	int i = t.hints < s->nhints ? t.hints++ : s->nhints - 1;
	out_printf("Hint %d of %d:", i + 1, s->nhints);
	out_indented(s->hints[i]);
	return 0;
}

void tutor_show(void)
{
	const struct lstep *s = &t.l.steps[t.step];
	const char *from = s->recipe ? s->recipe : t.l.nrecipes == 1 ? t.l.recipes[0] : NULL;
	if (from)
		out_printf("Step %d in C (from %s):", t.step + 1, from);
	else
		out_printf("Step %d in C:", t.step + 1);
	out_indented(s->code ? s->code : "(no C code for this step)");
}

/* Passes the step if its checks hold (and, when ASK, its question was answered). */
static int pass_if_done(bool ask)
{
	char *why = step_failure();
	if (why) {
		out_printf("Step %d is not done yet: %s", t.step + 1, why);
		free(why);
		return 1;
	}
	if (ask && !answered(true))
		return 1;
	advance();
	recap_claim_rest(t.active ? t.step - 1 : -1);
	return 0;
}

int tutor_next(void)
{
	return pass_if_done(true);
}

int tutor_back(void)
{
	if (t.step == 0) {
		out_error("this is the first step");
		return 1;
	}
	out_printf("Back to step %d: the session starts afresh, as that step expects.", t.step);
	return tutor_rebuild(t.step - 1);
}

int tutor_skip(void)
{
	out_printf("Skipping step %d: its solution runs for you.", t.step + 1);
	run_solution(t.step);
	return pass_if_done(false);	/* skipping answers for the learner */
}

int tutor_reset(void)
{
	progress_forget(t.name);
	out_text("Back to step 1, on a fresh session.");
	return tutor_rebuild(0);
}

void tutor_quit_quietly(void)
{
	session_observe(NULL);
	free(pending);
	pending = NULL;
	recap_end();
	if (t.name)
		lesson_free(&t.l);
	free(t.name);
	buf_free(&t.typed);
	memset(&t, 0, sizeof t);
}

void tutor_quit(void)
{
	if (t.done_before)
		out_printf("Left lesson '%s' at step %d; it stays done, and 'lesson %s' starts it again.", t.name,
			   t.step + 1, t.name);
	else
		out_printf("Left lesson '%s' at step %d; 'lesson %s' resumes there.", t.name, t.step + 1, t.name);
	save_place();
	tutor_quit_quietly();
}
